#include "trilink/bus/pki.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "openssl_ptr.h"
#include "trilink/core/error.h"

namespace trilink::bus {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxValidityDays = 36500;
constexpr uint32_t kDomainIdLimit = 230;  // ids are below it (DdsOptions::domain_id)
constexpr size_t kMaxPartnerChars = 16, kMaxDeploymentChars = 32, kMaxTopicChars = 256;
constexpr long kBackdateS = 3600;  // notBefore: an hour ago, for clocks a little behind
constexpr mode_t kPrivateMode = 0600, kPublicMode = 0644;

// Every OpenSSL object is owned by a unique_ptr freeing it with its own
// function (openssl_ptr.h).
using internal::BignumPtr;
using internal::BioPtr;
using internal::CertificatePtr;
using internal::ExtensionPtr;
using internal::KeyPtr;
using internal::NamePtr;
using internal::Pkcs7Ptr;

// A failed OpenSSL step as an InputError naming the step and the error
// OpenSSL queued (the last one, the most specific).
[[noreturn]] void Fail(std::string_view step) {
  const unsigned long code = ERR_peek_last_error();
  std::array<char, 256> text{};
  if (code != 0) {
    ERR_error_string_n(code, text.data(), text.size());
  } else {
    std::strncpy(text.data(), "no OpenSSL error queued", text.size() - 1);
  }
  ERR_clear_error();
  throw InputError(fmt::format("InitPki: OpenSSL: {} failed: {}", step, text.data()));
}

// Most OpenSSL calls return 1 on success, 0 or a negative value on failure.
void Check(int result, std::string_view step) {
  if (result <= 0) Fail(step);
}
template <typename T>
T* Check(T* result, std::string_view step) {
  if (result == nullptr) Fail(step);
  return result;
}

BioPtr MemoryBio() { return BioPtr(Check(BIO_new(BIO_s_mem()), "BIO_new")); }

std::string TextOf(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  if (size < 0 || (size > 0 && data == nullptr)) Fail("BIO_get_mem_data");
  return std::string(data, static_cast<size_t>(size));
}

bool IdCharacter(char c, std::string_view more) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         more.find(c) != std::string_view::npos;
}
bool IsId(const std::string& text, size_t max_chars, std::string_view more) {
  if (text.empty() || text.size() > max_chars) return false;
  for (char c : text) {
    if (!IdCharacter(c, more)) return false;
  }
  return true;
}

// Text for XML character data and attribute values. The options allow none
// of these characters; the subject comes from OpenSSL, so escape anyway.
std::string XmlEscaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// --- Keys and certificates ------------------------------------------------

KeyPtr NewKey() {
  // P-256 is OpenSSL's prime256v1, the curve Cyclone's PKI-DH accepts.
  return KeyPtr(Check(EVP_EC_gen("P-256"), "generating an EC prime256v1 key"));
}

// CN first, then O: RFC 2253 prints them in reverse, "O=<o>,CN=<cn>".
NamePtr NewName(const std::string& common_name, const std::string& organisation) {
  NamePtr name(Check(X509_NAME_new(), "X509_NAME_new"));
  const auto add = [&](const char* field, const std::string& value) {
    Check(X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(value.c_str()),
                                     static_cast<int>(value.size()), -1, 0),
          fmt::format("adding {}={} to a subject name", field, value));
  };
  add("CN", common_name);
  add("O", organisation);
  return name;
}

// A positive random serial of 128 bits (RFC 5280 §4.1.2.2: unique per CA,
// at most 20 octets).
void SetRandomSerial(X509* certificate) {
  std::array<unsigned char, 16> bytes{};
  do {
    Check(RAND_bytes(bytes.data(), static_cast<int>(bytes.size())), "RAND_bytes (serial)");
  } while (std::all_of(bytes.begin(), bytes.end(), [](unsigned char b) { return b == 0; }));
  BignumPtr serial(
      Check(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr), "BN_bin2bn"));
  Check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)),
        "BN_to_ASN1_INTEGER (serial)");
}

void AddExtension(X509* certificate, X509V3_CTX* context, int nid, const char* value) {
  ExtensionPtr extension(
      Check(X509V3_EXT_conf_nid(nullptr, context, nid, value),
            fmt::format("making the extension {} = {}", OBJ_nid2sn(nid), value)));
  Check(X509_add_ext(certificate, extension.get(), -1),
        fmt::format("adding the extension {}", OBJ_nid2sn(nid)));
}

struct CertificateSpec {
  const X509_NAME* subject;
  EVP_PKEY* subject_key;
  X509* issuer;  // nullptr: self-signed
  EVP_PKEY* issuer_key;
  bool ca;
  const char* key_usage;
  std::time_t now;
  int validity_days;
};

CertificatePtr NewCertificate(const CertificateSpec& spec) {
  CertificatePtr certificate(Check(X509_new(), "X509_new"));
  X509* cert = certificate.get();
  Check(X509_set_version(cert, X509_VERSION_3), "X509_set_version");
  SetRandomSerial(cert);
  Check(X509_set_subject_name(cert, spec.subject), "X509_set_subject_name");
  Check(X509_set_issuer_name(
            cert, spec.issuer != nullptr ? X509_get_subject_name(spec.issuer) : spec.subject),
        "X509_set_issuer_name");
  std::time_t now = spec.now;
  Check(X509_time_adj_ex(X509_getm_notBefore(cert), 0, -kBackdateS, &now), "setting notBefore");
  Check(X509_time_adj_ex(X509_getm_notAfter(cert), spec.validity_days, 0, &now),
        "setting notAfter");
  Check(X509_set_pubkey(cert, spec.subject_key), "X509_set_pubkey");

  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, spec.issuer != nullptr ? spec.issuer : cert, cert, nullptr, nullptr, 0);
  AddExtension(cert, &context, NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "CA:FALSE");
  AddExtension(cert, &context, NID_key_usage, spec.key_usage);
  // The subject key id first: a self-signed certificate's authority key id
  // is its own subject key id.
  AddExtension(cert, &context, NID_subject_key_identifier, "hash");
  AddExtension(cert, &context, NID_authority_key_identifier, "keyid:always");

  Check(X509_sign(cert, spec.issuer_key, EVP_sha256()), "X509_sign (ECDSA with SHA-256)");
  return certificate;
}

std::string CertificatePem(X509* certificate) {
  BioPtr bio = MemoryBio();
  Check(PEM_write_bio_X509(bio.get(), certificate), "PEM_write_bio_X509");
  return TextOf(bio.get());
}

// PKCS#8, unencrypted: the nodes load it without a passphrase.
std::string PrivateKeyPem(EVP_PKEY* key) {
  BioPtr bio = MemoryBio();
  Check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
        "PEM_write_bio_PrivateKey");
  return TextOf(bio.get());
}

// The subject as Cyclone's access control prints it to compare with the
// permissions' <subject_name> (access_control_utils.c,
// ac_get_certificate_subject_name).
std::string Rfc2253Subject(X509* certificate) {
  BioPtr bio = MemoryBio();
  Check(X509_NAME_print_ex(bio.get(), X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253),
        "X509_NAME_print_ex (RFC 2253)");
  return TextOf(bio.get());
}

// YYYY-MM-DDThh:mm:ss, UTC, the form of the permissions' <validity>.
std::string XmlTime(const ASN1_TIME* time) {
  std::tm tm{};
  Check(ASN1_TIME_to_tm(time, &tm), "ASN1_TIME_to_tm");
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

struct Authority {
  KeyPtr key;
  CertificatePtr certificate;
};

Authority NewAuthority(const std::string& common_name, const PkiOptions& options,
                       const char* key_usage, std::time_t now) {
  Authority authority{.key = NewKey(), .certificate = nullptr};
  NamePtr name = NewName(common_name, options.deployment);
  authority.certificate = NewCertificate({.subject = name.get(),
                                          .subject_key = authority.key.get(),
                                          .issuer = nullptr,
                                          .issuer_key = authority.key.get(),
                                          .ca = true,
                                          .key_usage = key_usage,
                                          .now = now,
                                          .validity_days = options.validity_days});
  return authority;
}

// What `openssl smime -sign -text -in doc -signer ca.pem -inkey ca_key.pem`
// writes: multipart/signed, the document as text/plain (CRLF line ends), a
// detached PKCS#7 signature with SHA-256. With PKCS7_STREAM, PKCS7_sign
// only sets the signature up; SMIME_write_PKCS7 reads the document, writes
// it and signs it in one pass.
std::string SmimeSigned(const std::string& document, const Authority& signer,
                        std::string_view what) {
  constexpr int kFlags = PKCS7_DETACHED | PKCS7_TEXT | PKCS7_STREAM;
  BioPtr in(Check(BIO_new_mem_buf(document.data(), static_cast<int>(document.size())),
                  "BIO_new_mem_buf"));
  Pkcs7Ptr p7(
      Check(PKCS7_sign(signer.certificate.get(), signer.key.get(), nullptr, in.get(), kFlags),
            fmt::format("PKCS7_sign ({})", what)));
  BioPtr out = MemoryBio();
  Check(SMIME_write_PKCS7(out.get(), p7.get(), in.get(), kFlags),
        fmt::format("SMIME_write_PKCS7 ({})", what));
  return TextOf(out.get());
}

// --- The documents (OMG DDS Security 1.1 §9.4.1.2 and §9.4.1.3) ----------

constexpr std::string_view kSchemaBase = "http://www.omg.org/spec/DDS-SECURITY/20170901/";

std::string DomainsXml(const PkiOptions& options, std::string_view indent) {
  return fmt::format(
      "{0}<domains>\n{0}  <id_range><min>{1}</min><max>{2}</max></id_range>\n"
      "{0}</domains>\n",
      indent, options.domain_min, options.domain_max);
}

std::string GovernanceXml(const PkiOptions& options) {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<dds xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:noNamespaceSchemaLocation=\"{0}omg_shared_ca_governance.xsd\">\n"
      "  <domain_access_rules>\n"
      "    <domain_rule>\n"
      "{1}"
      "      <allow_unauthenticated_participants>false</allow_unauthenticated_participants>\n"
      "      <enable_join_access_control>true</enable_join_access_control>\n"
      "      <discovery_protection_kind>ENCRYPT</discovery_protection_kind>\n"
      "      <liveliness_protection_kind>ENCRYPT</liveliness_protection_kind>\n"
      "      <rtps_protection_kind>ENCRYPT</rtps_protection_kind>\n"
      "      <topic_access_rules>\n"
      "        <topic_rule>\n"
      "          <topic_expression>*</topic_expression>\n"
      "          <enable_discovery_protection>true</enable_discovery_protection>\n"
      "          <enable_liveliness_protection>true</enable_liveliness_protection>\n"
      "          <enable_read_access_control>true</enable_read_access_control>\n"
      "          <enable_write_access_control>true</enable_write_access_control>\n"
      "          <metadata_protection_kind>NONE</metadata_protection_kind>\n"
      "          <data_protection_kind>NONE</data_protection_kind>\n"
      "        </topic_rule>\n"
      "      </topic_access_rules>\n"
      "    </domain_rule>\n"
      "  </domain_access_rules>\n"
      "</dds>\n",
      kSchemaBase, DomainsXml(options, "      "));
}

std::string Criteria(const std::string& element, const std::vector<std::string>& topics,
                     const std::vector<std::string>& partitions) {
  std::string text = fmt::format("        <{}>\n          <topics>\n", element);
  for (const std::string& topic : topics)
    text += fmt::format("            <topic>{}</topic>\n", XmlEscaped(topic));
  text += "          </topics>\n          <partitions>\n";
  for (const std::string& partition : partitions)
    text += fmt::format("            <partition>{}</partition>\n", XmlEscaped(partition));
  text += fmt::format("          </partitions>\n        </{}>\n", element);
  return text;
}

// What `name` may publish and subscribe to (its allow_rule's criteria): a
// partner its topics in its own partition, its partners' in theirs, and
// with a feeder its own scans, the feeder's ticks and its own acks; the
// feeder scans and acks in every partner's partition, ticks in its own.
std::string Rules(const std::string& name, const PkiOptions& options) {
  const std::vector<std::string> scan = {std::string(kFeedScanTopic)},
                                 tick = {std::string(kFeedTickTopic)},
                                 ack = {std::string(kFeedAckTopic)};
  if (!options.feeder.empty() && name == options.feeder) {
    return Criteria("publish", scan, options.partners) + Criteria("publish", tick, {name}) +
           Criteria("subscribe", ack, options.partners);
  }
  std::vector<std::string> others;
  for (const std::string& other : options.partners) {
    if (other != name) others.push_back(other);
  }
  std::string rules = Criteria("publish", options.topics, {name});
  if (!others.empty()) rules += Criteria("subscribe", options.topics, others);
  if (!options.feeder.empty()) {
    rules += Criteria("publish", ack, {name}) + Criteria("subscribe", scan, {name}) +
             Criteria("subscribe", tick, {options.feeder});
  }
  return rules;
}

// One grant with one allow_rule and no deny_rule: Cyclone 0.10.2 applies
// the first rule naming a topic, so a deny_rule before an allow_rule of the
// same topic would shadow it.
std::string PermissionsXml(const std::string& partner, const std::string& subject,
                           X509* certificate, const PkiOptions& options) {
  const std::string rules = Rules(partner, options);
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<dds xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:noNamespaceSchemaLocation=\"{0}omg_shared_ca_permissions.xsd\">\n"
      "  <permissions>\n"
      "    <grant name=\"{1}_grant\">\n"
      "      <subject_name>{2}</subject_name>\n"
      "      <validity>\n"
      "        <not_before>{3}</not_before>\n"
      "        <not_after>{4}</not_after>\n"
      "      </validity>\n"
      "      <allow_rule>\n"
      "{5}"
      "{6}"
      "      </allow_rule>\n"
      "      <default>DENY</default>\n"
      "    </grant>\n"
      "  </permissions>\n"
      "</dds>\n",
      kSchemaBase, XmlEscaped(partner), XmlEscaped(subject),
      XmlTime(X509_get0_notBefore(certificate)), XmlTime(X509_get0_notAfter(certificate)),
      DomainsXml(options, "        "), rules);
}

// --- Files ----------------------------------------------------------------

// Writes a new file (never an existing one, never through a link) with
// exactly `mode`, synced to disk before the folder is renamed into place.
// `shown` is the file's path as it will be, for messages.
void WriteFile(const fs::path& path, std::string_view contents, mode_t mode,
               const fs::path& shown) {
  const auto fail = [&](const char* what) {
    const int error = errno;
    throw InputError(fmt::format("InitPki: cannot {} {}: {}", what, shown.string(),
                                 std::generic_category().message(error)));
  };
  struct Descriptor {
    int fd;
    ~Descriptor() {
      if (fd >= 0) ::close(fd);
    }
  } file{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)};
  if (file.fd < 0) fail("create");
  // The umask may only take permissions away; fchmod makes the mode exact.
  if (::fchmod(file.fd, mode) != 0) fail("set the mode of");
  while (!contents.empty()) {
    const ssize_t written = ::write(file.fd, contents.data(), contents.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("write");
    }
    contents.remove_prefix(static_cast<size_t>(written));
  }
  if (::fsync(file.fd) != 0) fail("sync");
  if (::close(std::exchange(file.fd, -1)) != 0) fail("close");
}

// The folder being made, removed with everything in it unless committed;
// so are the folders made above it.
struct Staging {
  fs::path temporary;
  fs::path created_above;  // the outermost folder made above the target, if any
  bool committed = false;
  ~Staging() {
    if (committed) return;
    std::error_code ignored;
    if (!temporary.empty()) fs::remove_all(temporary, ignored);
    if (!created_above.empty()) fs::remove_all(created_above, ignored);
  }
};

// The target without a trailing separator; refuses names that do not name
// a folder of their own.
fs::path TargetOf(const fs::path& dir) {
  fs::path target = dir.lexically_normal();
  if (!target.empty() && !target.has_filename()) target = target.parent_path();
  const std::string name = target.filename().string();
  if (name.empty() || name == "." || name == "..") {
    throw InputError(fmt::format(
        "InitPki: the PKI folder \"{}\" does not name a folder of its own; expected a path such "
        "as deploy/pki",
        dir.string()));
  }
  return target;
}

// Checks the target and makes the folders above it; returns the outermost
// folder made, if any.
fs::path Prepare(const fs::path& target) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(target, error);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) {
      throw InputError(
          fmt::format("InitPki: {} exists and is not a folder; name a new folder or an empty one",
                      target.string()));
    }
    if (!fs::is_empty(target, error) || error) {
      throw InputError(fmt::format(
          "InitPki: {} is not empty{}; the PKI is written only into a new or empty folder, so "
          "that an existing one (with its CA keys) is never overwritten",
          target.string(), error ? fmt::format(" (or cannot be read: {})", error.message()) : ""));
    }
    return {};
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::path outermost_missing;
  for (fs::path above = parent; !above.empty() && !fs::exists(fs::symlink_status(above, error));
       above = above.parent_path()) {
    outermost_missing = above;
    if (above == above.parent_path()) break;
  }
  if (!outermost_missing.empty()) {
    fs::create_directories(parent, error);
    if (error) {
      std::error_code ignored;
      fs::remove_all(outermost_missing, ignored);
      throw InputError(
          fmt::format("InitPki: cannot make the folder {}: {}", parent.string(), error.message()));
    }
  }
  return outermost_missing;
}

}  // namespace

bool PkiOptions::IsValid(std::string* error) const {
  if (partners.empty())
    return Invalid(error, "partners: none given; expected at least one partner id, e.g. \"JP\"");
  std::set<std::string> seen;
  for (size_t i = 0; i < partners.size(); ++i) {
    if (!IsId(partners[i], kMaxPartnerChars, "-_")) {
      return Invalid(error, fmt::format("partners[{}] \"{}\": expected 1 to {} letters, digits, "
                                        "'-' or '_'",
                                        i, partners[i], kMaxPartnerChars));
    }
    if (!seen.insert(partners[i]).second)
      return Invalid(error, fmt::format("partners[{}] \"{}\": given twice", i, partners[i]));
  }
  if (!IsId(deployment, kMaxDeploymentChars, "-_.")) {
    return Invalid(error, fmt::format("deployment \"{}\": expected 1 to {} letters, digits, '-', "
                                      "'_' or '.'",
                                      deployment, kMaxDeploymentChars));
  }
  if (validity_days < 1 || validity_days > kMaxValidityDays) {
    return Invalid(error, fmt::format("validity_days {}: expected 1 to {} days", validity_days,
                                      kMaxValidityDays));
  }
  if (domain_max >= kDomainIdLimit) {
    return Invalid(error, fmt::format("domain_max {}: expected a domain id below {}", domain_max,
                                      kDomainIdLimit));
  }
  if (domain_min > domain_max) {
    return Invalid(error, fmt::format("domain_min {} > domain_max {}: expected min <= max",
                                      domain_min, domain_max));
  }
  if (!feeder.empty()) {
    if (!IsId(feeder, kMaxPartnerChars, "-_")) {
      return Invalid(error, fmt::format("feeder \"{}\": expected 1 to {} letters, digits, '-' or "
                                        "'_'",
                                        feeder, kMaxPartnerChars));
    }
    if (seen.count(feeder))
      return Invalid(error,
                     fmt::format("feeder \"{}\": also a partner; expected another id", feeder));
  }
  if (topics.empty()) return Invalid(error, "topics: none given; expected at least one topic name");
  seen.clear();
  for (size_t i = 0; i < topics.size(); ++i) {
    if (!IsId(topics[i], kMaxTopicChars, "_")) {
      return Invalid(error, fmt::format("topics[{}] \"{}\": expected 1 to {} letters, digits or "
                                        "'_' (a topic name, not a pattern)",
                                        i, topics[i], kMaxTopicChars));
    }
    if (!seen.insert(topics[i]).second)
      return Invalid(error, fmt::format("topics[{}] \"{}\": given twice", i, topics[i]));
  }
  return true;
}

PartnerFiles FilesOf(const fs::path& dir, const std::string& partner) {
  return {.identity_ca = dir / "identity_ca.pem",
          .certificate = dir / partner / "cert.pem",
          .private_key = dir / partner / "key.pem",
          .permissions_ca = dir / "permissions_ca.pem",
          .governance = dir / "governance.p7s",
          .permissions = dir / partner / "permissions.p7s"};
}

void InitPki(const fs::path& dir, const PkiOptions& options) {
  std::string invalid;
  if (!options.IsValid(&invalid)) throw InputError("InitPki: PKI options: " + invalid);
  const fs::path target = TargetOf(dir);

  Staging staging;
  staging.created_above = Prepare(target);
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // Appended, not "." + …: GCC 12's false -Wrestrict on a literal + string.
  std::string hidden = target.filename().string();
  hidden.insert(0, 1, '.');
  hidden += ".pki-XXXXXX";
  std::string pattern = (parent / hidden).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    const int error = errno;
    throw InputError(fmt::format("InitPki: cannot make a temporary folder in {}: {}",
                                 parent.string(), std::generic_category().message(error)));
  }
  staging.temporary = pattern;  // 0700: it holds the CA keys
  const auto write = [&](const fs::path& relative, std::string_view contents, mode_t mode) {
    WriteFile(staging.temporary / relative, contents, mode, target / relative);
  };

  ERR_clear_error();  // so that a failure reports its own error, not an older one
  const std::time_t now = std::time(nullptr);
  const Authority identity_ca = NewAuthority(options.deployment + " identity CA", options,
                                             "critical,keyCertSign,cRLSign", now);
  const Authority permissions_ca =
      NewAuthority(options.deployment + " permissions CA", options,
                   "critical,digitalSignature,keyCertSign,cRLSign", now);
  write("identity_ca.pem", CertificatePem(identity_ca.certificate.get()), kPublicMode);
  write("identity_ca_key.pem", PrivateKeyPem(identity_ca.key.get()), kPrivateMode);
  write("permissions_ca.pem", CertificatePem(permissions_ca.certificate.get()), kPublicMode);
  write("permissions_ca_key.pem", PrivateKeyPem(permissions_ca.key.get()), kPrivateMode);

  const std::string governance = GovernanceXml(options);
  write("governance.xml", governance, kPublicMode);
  write("governance.p7s", SmimeSigned(governance, permissions_ca, "governance"), kPublicMode);

  std::vector<std::string> identities = options.partners;
  if (!options.feeder.empty()) identities.push_back(options.feeder);
  for (const std::string& partner : identities) {
    std::error_code error;
    fs::create_directory(staging.temporary / partner, error);
    if (error) {
      throw InputError(fmt::format("InitPki: cannot make the folder {}: {}",
                                   (target / partner).string(), error.message()));
    }
    KeyPtr key = NewKey();
    NamePtr subject = NewName(partner, options.deployment);
    CertificatePtr certificate =
        NewCertificate({.subject = subject.get(),
                        .subject_key = key.get(),
                        .issuer = identity_ca.certificate.get(),
                        .issuer_key = identity_ca.key.get(),
                        .ca = false,
                        .key_usage = "critical,digitalSignature,keyAgreement",
                        .now = now,
                        .validity_days = options.validity_days});
    write(fs::path(partner) / "cert.pem", CertificatePem(certificate.get()), kPublicMode);
    write(fs::path(partner) / "key.pem", PrivateKeyPem(key.get()), kPrivateMode);
    const std::string permissions =
        PermissionsXml(partner, Rfc2253Subject(certificate.get()), certificate.get(), options);
    write(fs::path(partner) / "permissions.xml", permissions, kPublicMode);
    write(fs::path(partner) / "permissions.p7s",
          SmimeSigned(permissions, permissions_ca, partner + "'s permissions"), kPublicMode);
  }

  // rename(2) replaces an empty folder and fails on a non-empty one, so a
  // folder filled meanwhile by someone else is not lost.
  std::error_code error;
  fs::rename(staging.temporary, target, error);
  if (error) {
    throw InputError(
        fmt::format("InitPki: cannot move the PKI into {}: {}", target.string(), error.message()));
  }
  staging.committed = true;
  // Best effort: make the rename itself durable.
  const int parent_fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (parent_fd >= 0) {
    ::fsync(parent_fd);
    ::close(parent_fd);
  }
}

}  // namespace trilink::bus
