// The deployment PKI for DDS Security (OMG DDS Security 1.1, §9.3 the
// builtin authentication "PKI-DH" and §9.4 the builtin access control
// "Permissions"), as Cyclone DDS 0.10.2's builtin plugins load it; made with
// OpenSSL's libcrypto, no `openssl` command.
//
// Two separate certificate authorities, each self-signed (X.509 v3, EC
// prime256v1 keys, ECDSA with SHA-256, a random 128-bit serial, valid from
// an hour before now, for `validity_days`):
//  - the identity CA signs each partner's identity certificate (subject
//    CN=<partner>,O=<deployment>; CA:FALSE, digitalSignature and
//    keyAgreement), by which participants authenticate each other;
//  - the permissions CA S/MIME-signs the documents: the governance (one for
//    the deployment: every topic of domains [domain_min, domain_max] with
//    join, read and write access control, discovery and liveliness
//    encrypted, and every RTPS message encrypted whole, which encloses its
//    submessages and payloads (so these are not encrypted again, per
//    sample; docs/sharing.md); no unauthenticated participants) and each partner's permissions (its
//    grant, for its certificate's subject, valid as long as the certificate: publish `topics` in
//    its own partition only, subscribe to them in the other partners' partitions only, deny
//    everything else).
// A leaked partner key thus cannot be used to forge permissions, and the
// permissions CA's key can be kept offline once the documents are signed.
//
// The CAs have basicConstraints CA:TRUE (critical) and keyUsage keyCertSign
// and cRLSign; the permissions CA has digitalSignature too, because it
// signs the documents with its own key and OpenSSL's S/MIME verification
// (`openssl smime -verify -CAfile permissions_ca.pem`) refuses a signer
// whose keyUsage leaves digitalSignature out. Cyclone itself checks the
// signature against the permissions CA's key without that check.
//
// Files under `dir` (FilesOf names those one partner's node needs):
//   identity_ca.pem, identity_ca_key.pem        the identity CA and its key
//   permissions_ca.pem, permissions_ca_key.pem  the permissions CA and its key
//   governance.xml, governance.p7s              the governance, as signed
//   <partner>/cert.pem, <partner>/key.pem        identity certificate and key
//   <partner>/permissions.xml, <partner>/permissions.p7s
//   <feeder>/...                                  the same for the feeder
// `dir` itself is owner-only (0700), as it holds the CA keys; private keys
// are unencrypted PKCS#8 PEM, mode 0600 from their creation. The .p7s are
// what `openssl smime -sign -text` writes (multipart/signed, the XML as
// text/plain, a detached PKCS#7 signature); the .xml beside them are
// copies to read. InitPki makes new CAs every time (adding a partner means
// a new PKI for all); the CA keys are kept so that a document can be
// re-signed by hand.
//
// Usage:
//   PkiOptions options{.partners = {"US", "JP", "KR"}};
//   InitPki("deploy/pki", options);  // throws InputError
//   PartnerFiles jp = FilesOf("deploy/pki", "JP");
//   DdsSecurity security{.identity_ca = jp.identity_ca.string(),
//                        .certificate = jp.certificate.string(), ...};
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace trilink::bus {

// The feed's topics (dds_feed.h).
inline constexpr std::string_view kFeedScanTopic = "trilink_FeedScan",
                                  kFeedTickTopic = "trilink_FeedTick",
                                  kFeedAckTopic = "trilink_FeedAck";

struct PkiOptions {
  // The partner ids (partition names and certificate common names), e.g.
  // {"US", "JP", "KR"}: at least one, unique, each 1–16 characters of
  // letters, digits, '-' and '_'.
  std::vector<std::string> partners;
  // The deployment's name, the organisation (O=) of every subject and part
  // of the CAs' common names: 1–32 characters of letters, digits, '-', '_'
  // and '.'.
  std::string deployment = "trilink";
  // How long the certificates and the permission grants stay valid (days,
  // 1–36500).
  int validity_days = 3650;
  // The domain ids the governance and the permissions cover, inclusive
  // (domain_min <= domain_max < 230).
  uint32_t domain_min = 0, domain_max = 229;
  // The topics each partner may write (in its own partition only) and read
  // (in its partners' partitions only): at least one, unique, each 1–256
  // characters of letters, digits and '_' (names, not patterns).
  std::vector<std::string> topics = {"trilink_Track", "trilink_LaunchAssessment", "trilink_Alert"};
  // The feeder's identity (`trilink feed`, dds_feed.h), a partner id that
  // is not a partner's; empty: none. It may write scans in each partner's
  // partition and ticks in its own, and read the partners' acks; each
  // partner may read its own scans and the feeder's ticks and write acks.
  std::string feeder = "FEED";

  bool IsValid(std::string* error) const;
};

// The files InitPki writes under `dir` that `partner`'s node loads (the
// Cyclone <Security> configuration, DdsSecurity): the documents are the
// signed ones (.p7s).
struct PartnerFiles {
  std::filesystem::path identity_ca, certificate, private_key, permissions_ca, governance,
      permissions;
};
PartnerFiles FilesOf(const std::filesystem::path& dir, const std::string& partner);

// Creates `dir` and writes the PKI above into it. `dir` must not exist or
// be an empty folder (missing folders above it are made). Everything is
// written into a temporary folder beside `dir`, renamed into place at the
// end: on any failure nothing is left behind, neither `dir` nor the
// temporary folder nor the folders above it that were made. Throws
// InputError for invalid options (naming the field), an unusable `dir`
// (naming it), a file that cannot be written, or a failed OpenSSL step
// (naming the step and OpenSSL's error).
void InitPki(const std::filesystem::path& dir, const PkiOptions& options);

}  // namespace trilink::bus
