// The deployment PKI, checked with OpenSSL the way Cyclone DDS 0.10.2's
// builtin plugins check it: the identity certificate against the identity
// CA (X509_verify_cert, authentication), the signed documents against the
// permissions CA (SMIME_read_PKCS7 + PKCS7_verify with PKCS7_TEXT |
// PKCS7_NOVERIFY | PKCS7_NOINTERN, access_control_utils.c), the grant's
// subject against the certificate's subject printed as RFC 2253 — and, on
// top, the signatures through a full chain verification as `openssl smime
// -verify -CAfile permissions_ca.pem` does.
#include "trilink/bus/pki.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "openssl_ptr.h"
#include "trilink/core/error.h"

namespace trilink::bus {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

using internal::BignumPtr;
using internal::BioPtr;
using internal::CertificatePtr;
using internal::KeyPtr;
using internal::Pkcs7Ptr;
using internal::StoreContextPtr;
using internal::StorePtr;
struct CertificateStackDeleter {
  void operator()(STACK_OF(X509) * stack) const { sk_X509_free(stack); }
};
using CertificateStackPtr = std::unique_ptr<STACK_OF(X509), CertificateStackDeleter>;

const std::vector<std::string> kTopics = {"trilink_Track", "trilink_LaunchAssessment",
                                          "trilink_Alert"};

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string WithoutCarriageReturns(std::string text) {
  std::erase(text, '\r');
  return text;
}

BioPtr FileBio(const fs::path& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  EXPECT_NE(bio, nullptr) << path;
  return bio;
}

CertificatePtr ReadCertificate(const fs::path& path) {
  BioPtr bio = FileBio(path);
  if (bio == nullptr) return nullptr;
  CertificatePtr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  EXPECT_NE(certificate, nullptr) << path;
  return certificate;
}

KeyPtr ReadPrivateKey(const fs::path& path) {
  BioPtr bio = FileBio(path);
  if (bio == nullptr) return nullptr;
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  EXPECT_NE(key, nullptr) << path;
  return key;
}

// Whether `certificate` chains to the trusted `ca` (authentication's check).
bool ChainsTo(X509* certificate, X509* ca) {
  StorePtr store(X509_STORE_new());
  StoreContextPtr context(X509_STORE_CTX_new());
  if (!store || !context || X509_STORE_add_cert(store.get(), ca) != 1 ||
      X509_STORE_CTX_init(context.get(), store.get(), certificate, nullptr) != 1) {
    ADD_FAILURE() << "cannot set up X509_verify_cert";
    return false;
  }
  const bool verified = X509_verify_cert(context.get()) == 1;
  ERR_clear_error();
  return verified;
}

enum class Verification {
  kCyclone,  // the signature by `signer`'s key, as Cyclone's access control checks it
  kChain,    // the signature and the signer's chain to the trusted `signer`, S/MIME purpose
};

// The document signed in `p7s`, if its signature verifies against `signer`.
std::optional<std::string> VerifiedDocument(const fs::path& p7s, X509* signer,
                                            Verification verification) {
  BioPtr in = FileBio(p7s);
  if (in == nullptr) return std::nullopt;
  BIO* content_raw = nullptr;
  Pkcs7Ptr p7(SMIME_read_PKCS7(in.get(), &content_raw));
  BioPtr content(content_raw);
  if (p7 == nullptr || content == nullptr) {
    ADD_FAILURE() << "SMIME_read_PKCS7 cannot read " << p7s << " as a detached signature";
    return std::nullopt;
  }
  BioPtr out(BIO_new(BIO_s_mem()));
  CertificateStackPtr certificates(sk_X509_new_null());
  StorePtr store(X509_STORE_new());
  int flags = PKCS7_TEXT;
  if (verification == Verification::kCyclone) {
    sk_X509_push(certificates.get(), signer);  // borrowed, not owned by the stack
    flags |= PKCS7_NOVERIFY | PKCS7_NOINTERN;
  } else {
    X509_STORE_add_cert(store.get(), signer);
  }
  const int verified =
      PKCS7_verify(p7.get(), verification == Verification::kCyclone ? certificates.get() : nullptr,
                   store.get(), content.get(), out.get(), flags);
  ERR_clear_error();
  if (verified != 1) return std::nullopt;
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string Rfc2253Subject(X509* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string XmlTime(const ASN1_TIME* time) {
  std::tm tm{};
  EXPECT_EQ(ASN1_TIME_to_tm(time, &tm), 1);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  return text;
}

// Seconds from now to `time`.
long SecondsFromNow(const ASN1_TIME* time) {
  std::unique_ptr<ASN1_TIME, internal::Deleter<ASN1_TIME_free>> now(X509_gmtime_adj(nullptr, 0));
  int days = 0, seconds = 0;
  EXPECT_EQ(ASN1_TIME_diff(&days, &seconds, now.get(), time), 1);
  return days * 86400L + seconds;
}

// The text of every <tag>…</tag> in `xml`, in order.
std::vector<std::string> Elements(const std::string& xml, const std::string& tag) {
  std::vector<std::string> found;
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  for (size_t at = xml.find(open); at != std::string::npos; at = xml.find(open, at)) {
    const size_t begin = at + open.size(), end = xml.find(close, begin);
    if (end == std::string::npos) break;
    found.push_back(xml.substr(begin, end - begin));
    at = end;
  }
  return found;
}
std::optional<std::string> Element(const std::string& xml, const std::string& tag) {
  std::vector<std::string> found = Elements(xml, tag);
  if (found.size() != 1) return std::nullopt;
  return found[0];
}

fs::perms ModeOf(const fs::path& path) { return fs::status(path).permissions() & fs::perms::all; }
constexpr fs::perms kOwnerReadWrite = fs::perms::owner_read | fs::perms::owner_write;

class PkiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "trilink-pki-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    dir_ = root_ / "pki";
  }
  void TearDown() override { fs::remove_all(root_); }
  // Names in root_, sorted, hidden ones included.
  std::vector<std::string> Entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(root_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string ErrorOf(const fs::path& dir, const PkiOptions& options) {
    try {
      InitPki(dir, options);
    } catch (const InputError& error) {
      return error.what();
    }
    return "no error";
  }

  fs::path root_, dir_;
  const PkiOptions options_{.partners = {"US", "JP", "KR"}};
};

TEST_F(PkiTest, WritesEveryFileAndKeepsPrivateKeysOwnerOnly) {
  InitPki(dir_, options_);
  EXPECT_EQ(Entries(), std::vector<std::string>{"pki"});  // no temporary folder left
  EXPECT_EQ(ModeOf(dir_), fs::perms::owner_all);
  for (const char* name : {"identity_ca.pem", "identity_ca_key.pem", "permissions_ca.pem",
                           "permissions_ca_key.pem", "governance.xml", "governance.p7s"}) {
    EXPECT_TRUE(fs::is_regular_file(dir_ / name)) << name;
  }
  EXPECT_EQ(ModeOf(dir_ / "identity_ca_key.pem"), kOwnerReadWrite);
  EXPECT_EQ(ModeOf(dir_ / "permissions_ca_key.pem"), kOwnerReadWrite);
  for (const std::string& partner : options_.partners) {
    SCOPED_TRACE(partner);
    const PartnerFiles files = FilesOf(dir_, partner);
    EXPECT_EQ(files.identity_ca, dir_ / "identity_ca.pem");
    EXPECT_EQ(files.permissions_ca, dir_ / "permissions_ca.pem");
    EXPECT_EQ(files.governance, dir_ / "governance.p7s");
    EXPECT_EQ(files.certificate, dir_ / partner / "cert.pem");
    EXPECT_EQ(files.private_key, dir_ / partner / "key.pem");
    EXPECT_EQ(files.permissions, dir_ / partner / "permissions.p7s");
    for (const fs::path& path :
         {files.identity_ca, files.certificate, files.private_key, files.permissions_ca,
          files.governance, files.permissions, dir_ / partner / "permissions.xml"}) {
      EXPECT_TRUE(fs::is_regular_file(path)) << path;
      EXPECT_GT(fs::file_size(path), 0u) << path;
    }
    EXPECT_EQ(ModeOf(files.private_key), kOwnerReadWrite);
    // PKCS#8, unencrypted.
    EXPECT_TRUE(ReadText(files.private_key).starts_with("-----BEGIN PRIVATE KEY-----\n"));
  }
}

TEST_F(PkiTest, CertificatesAreP256WithSha256AndTheirRoleExtensions) {
  InitPki(dir_, options_);
  std::set<std::string> serials;
  const auto check_common = [&](X509* certificate, EVP_PKEY* key) {
    EXPECT_EQ(X509_get_version(certificate), X509_VERSION_3);
    EXPECT_EQ(X509_get_signature_nid(certificate), NID_ecdsa_with_SHA256);
    EVP_PKEY* public_key = X509_get0_pubkey(certificate);
    ASSERT_NE(public_key, nullptr);
    EXPECT_TRUE(EVP_PKEY_is_a(public_key, "EC"));
    char curve[64] = {};
    size_t curve_size = 0;
    ASSERT_EQ(EVP_PKEY_get_group_name(public_key, curve, sizeof curve, &curve_size), 1);
    EXPECT_STREQ(curve, "prime256v1");
    EXPECT_EQ(X509_check_private_key(certificate, key), 1);
    BignumPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr));
    ASSERT_NE(serial, nullptr);
    EXPECT_FALSE(BN_is_negative(serial.get()));
    // Random: 128 bits, of which the top 32 are all zero once in 4e9.
    EXPECT_LE(BN_num_bits(serial.get()), 128);
    EXPECT_GT(BN_num_bits(serial.get()), 96);
    char* hex = BN_bn2hex(serial.get());
    serials.insert(hex);
    OPENSSL_free(hex);
    EXPECT_NEAR(static_cast<double>(SecondsFromNow(X509_get0_notBefore(certificate))), -3600.0,
                300.0);
    EXPECT_NEAR(static_cast<double>(SecondsFromNow(X509_get0_notAfter(certificate))),
                3650.0 * 86400.0, 300.0);
    const int basic_constraints = X509_get_ext_by_NID(certificate, NID_basic_constraints, -1);
    ASSERT_GE(basic_constraints, 0);
    const int key_usage = X509_get_ext_by_NID(certificate, NID_key_usage, -1);
    ASSERT_GE(key_usage, 0);
    EXPECT_EQ(X509_EXTENSION_get_critical(X509_get_ext(certificate, key_usage)), 1);
  };
  const auto is_critical = [](X509* certificate, int nid) {
    return X509_EXTENSION_get_critical(
               X509_get_ext(certificate, X509_get_ext_by_NID(certificate, nid, -1))) == 1;
  };

  struct Authority {
    const char* certificate;
    const char* key;
    const char* subject;
    uint32_t key_usage;
  };
  for (const Authority& authority :
       {Authority{"identity_ca.pem", "identity_ca_key.pem", "O=trilink,CN=trilink identity CA",
                  KU_KEY_CERT_SIGN | KU_CRL_SIGN},
        Authority{"permissions_ca.pem", "permissions_ca_key.pem",
                  "O=trilink,CN=trilink permissions CA",
                  KU_DIGITAL_SIGNATURE | KU_KEY_CERT_SIGN | KU_CRL_SIGN}}) {
    SCOPED_TRACE(authority.certificate);
    CertificatePtr certificate = ReadCertificate(dir_ / authority.certificate);
    KeyPtr key = ReadPrivateKey(dir_ / authority.key);
    ASSERT_TRUE(certificate && key);
    check_common(certificate.get(), key.get());
    EXPECT_EQ(Rfc2253Subject(certificate.get()), authority.subject);
    EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(certificate.get()),
                            X509_get_issuer_name(certificate.get())),
              0);
    EXPECT_EQ(X509_check_ca(certificate.get()), 1);
    EXPECT_TRUE(is_critical(certificate.get(), NID_basic_constraints));
    EXPECT_EQ(X509_get_key_usage(certificate.get()), authority.key_usage);
    EXPECT_TRUE(ChainsTo(certificate.get(), certificate.get()));  // self-signed
  }
  for (const std::string& partner : options_.partners) {
    SCOPED_TRACE(partner);
    const PartnerFiles files = FilesOf(dir_, partner);
    CertificatePtr certificate = ReadCertificate(files.certificate);
    KeyPtr key = ReadPrivateKey(files.private_key);
    ASSERT_TRUE(certificate && key);
    check_common(certificate.get(), key.get());
    EXPECT_EQ(Rfc2253Subject(certificate.get()), "O=trilink,CN=" + partner);
    EXPECT_EQ(X509_check_ca(certificate.get()), 0);
    EXPECT_FALSE(is_critical(certificate.get(), NID_basic_constraints));
    EXPECT_EQ(X509_get_key_usage(certificate.get()), KU_DIGITAL_SIGNATURE | KU_KEY_AGREEMENT);
  }
  EXPECT_EQ(serials.size(), 2 + options_.partners.size());
}

TEST_F(PkiTest, PartnerCertificatesVerifyAgainstTheIdentityCaOnly) {
  InitPki(dir_, options_);
  CertificatePtr identity_ca = ReadCertificate(dir_ / "identity_ca.pem");
  CertificatePtr permissions_ca = ReadCertificate(dir_ / "permissions_ca.pem");
  ASSERT_TRUE(identity_ca && permissions_ca);
  for (const std::string& partner : options_.partners) {
    SCOPED_TRACE(partner);
    CertificatePtr certificate = ReadCertificate(FilesOf(dir_, partner).certificate);
    ASSERT_NE(certificate, nullptr);
    EXPECT_TRUE(ChainsTo(certificate.get(), identity_ca.get()));
    EXPECT_FALSE(ChainsTo(certificate.get(), permissions_ca.get()));
  }
}

TEST_F(PkiTest, DocumentsAreSignedByThePermissionsCaOnly) {
  InitPki(dir_, options_);
  CertificatePtr identity_ca = ReadCertificate(dir_ / "identity_ca.pem");
  CertificatePtr permissions_ca = ReadCertificate(dir_ / "permissions_ca.pem");
  ASSERT_TRUE(identity_ca && permissions_ca);
  std::vector<std::pair<fs::path, fs::path>> documents = {
      {dir_ / "governance.p7s", dir_ / "governance.xml"}};
  for (const std::string& partner : options_.partners)
    documents.emplace_back(dir_ / partner / "permissions.p7s", dir_ / partner / "permissions.xml");
  for (const auto& [p7s, xml] : documents) {
    SCOPED_TRACE(p7s);
    const std::string signed_text = ReadText(p7s);
    EXPECT_THAT(signed_text, HasSubstr("Content-Type: multipart/signed"));
    EXPECT_THAT(signed_text, HasSubstr("Content-Type: text/plain"));
    for (Verification verification : {Verification::kCyclone, Verification::kChain}) {
      const std::optional<std::string> document =
          VerifiedDocument(p7s, permissions_ca.get(), verification);
      ASSERT_TRUE(document.has_value());
      EXPECT_EQ(WithoutCarriageReturns(*document), ReadText(xml));
      EXPECT_FALSE(VerifiedDocument(p7s, identity_ca.get(), verification).has_value());
    }
  }

  // A document changed after signing is refused.
  std::string governance = ReadText(dir_ / "governance.p7s");
  const size_t at = governance.find("<rtps_protection_kind>ENCRYPT");
  ASSERT_NE(at, std::string::npos);
  governance.replace(at, 29, "<rtps_protection_kind>NONE   ");
  const fs::path tampered = root_ / "tampered.p7s";
  std::ofstream(tampered, std::ios::binary) << governance;
  EXPECT_FALSE(
      VerifiedDocument(tampered, permissions_ca.get(), Verification::kCyclone).has_value());
}

TEST_F(PkiTest, GovernanceEncryptsEverythingInTheDomainRange) {
  PkiOptions options = options_;
  options.domain_min = 7;
  options.domain_max = 9;
  InitPki(dir_, options);
  const std::string xml = ReadText(dir_ / "governance.xml");
  EXPECT_THAT(xml, HasSubstr("<dds xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                             "xsi:noNamespaceSchemaLocation=\"http://www.omg.org/spec/DDS-SECURITY/"
                             "20170901/omg_shared_ca_governance.xsd\">"));
  EXPECT_EQ(Elements(xml, "domain_rule").size(), 1u);
  EXPECT_EQ(Element(xml, "min"), "7");
  EXPECT_EQ(Element(xml, "max"), "9");
  EXPECT_EQ(Element(xml, "allow_unauthenticated_participants"), "false");
  EXPECT_EQ(Element(xml, "enable_join_access_control"), "true");
  EXPECT_EQ(Element(xml, "discovery_protection_kind"), "ENCRYPT");
  EXPECT_EQ(Element(xml, "liveliness_protection_kind"), "ENCRYPT");
  EXPECT_EQ(Element(xml, "rtps_protection_kind"), "ENCRYPT");
  EXPECT_EQ(Elements(xml, "topic_rule").size(), 1u);
  EXPECT_EQ(Element(xml, "topic_expression"), "*");
  EXPECT_EQ(Element(xml, "enable_discovery_protection"), "true");
  EXPECT_EQ(Element(xml, "enable_liveliness_protection"), "true");
  EXPECT_EQ(Element(xml, "enable_read_access_control"), "true");
  EXPECT_EQ(Element(xml, "enable_write_access_control"), "true");
  // Every RTPS message is encrypted whole (rtps_protection_kind), so the
  // submessages and payloads inside are not encrypted a second and third time.
  EXPECT_EQ(Element(xml, "metadata_protection_kind"), "NONE");
  EXPECT_EQ(Element(xml, "data_protection_kind"), "NONE");
}

TEST_F(PkiTest, PermissionsGrantTheCertificateSubjectItsOwnPartitionToWrite) {
  PkiOptions options = options_;
  options.feeder.clear();  // the feeder's rules: FeederMayWriteScansToEachPartnerOnly
  InitPki(dir_, options);
  for (const std::string& partner : options_.partners) {
    SCOPED_TRACE(partner);
    CertificatePtr certificate = ReadCertificate(FilesOf(dir_, partner).certificate);
    ASSERT_NE(certificate, nullptr);
    const std::string xml = ReadText(dir_ / partner / "permissions.xml");
    EXPECT_THAT(xml, HasSubstr("xsi:noNamespaceSchemaLocation=\"http://www.omg.org/spec/"
                               "DDS-SECURITY/20170901/omg_shared_ca_permissions.xsd\">"));
    EXPECT_THAT(xml, HasSubstr("<grant name=\"" + partner + "_grant\">"));
    EXPECT_EQ(Element(xml, "subject_name"), Rfc2253Subject(certificate.get()));
    EXPECT_EQ(Element(xml, "not_before"), XmlTime(X509_get0_notBefore(certificate.get())));
    EXPECT_EQ(Element(xml, "not_after"), XmlTime(X509_get0_notAfter(certificate.get())));
    EXPECT_EQ(Elements(xml, "allow_rule").size(), 1u);
    EXPECT_THAT(xml, Not(HasSubstr("deny_rule")));
    EXPECT_EQ(Element(xml, "min"), "0");
    EXPECT_EQ(Element(xml, "max"), "229");
    EXPECT_EQ(Element(xml, "default"), "DENY");
    EXPECT_LT(xml.find("</allow_rule>"), xml.find("<default>"));
    const std::optional<std::string> publish = Element(xml, "publish");
    const std::optional<std::string> subscribe = Element(xml, "subscribe");
    ASSERT_TRUE(publish && subscribe);
    EXPECT_EQ(Elements(*publish, "topic"), kTopics);
    EXPECT_EQ(Elements(*subscribe, "topic"), kTopics);
    EXPECT_EQ(Elements(*publish, "partition"), std::vector<std::string>{partner});
    std::vector<std::string> others;
    std::copy_if(options_.partners.begin(), options_.partners.end(), std::back_inserter(others),
                 [&](const std::string& other) { return other != partner; });
    EXPECT_EQ(Elements(*subscribe, "partition"), others);
  }
  // The example of the specification of this file, spelled out.
  const std::string jp = ReadText(dir_ / "JP" / "permissions.xml");
  EXPECT_EQ(Element(jp, "subject_name"), "O=trilink,CN=JP");
  EXPECT_EQ(Elements(*Element(jp, "publish"), "partition"), std::vector<std::string>{"JP"});
  EXPECT_THAT(Elements(*Element(jp, "subscribe"), "partition"), UnorderedElementsAre("US", "KR"));
}

TEST_F(PkiTest, ALonePartnerMayOnlyWrite) {
  PkiOptions options{
      .partners = {"JP"}, .deployment = "drill-7", .topics = {"a", "b_2"}, .feeder = ""};
  InitPki(dir_, options);
  const std::string xml = ReadText(dir_ / "JP" / "permissions.xml");
  EXPECT_EQ(Element(xml, "subject_name"), "O=drill-7,CN=JP");
  EXPECT_EQ(Elements(xml, "topic"), (std::vector<std::string>{"a", "b_2"}));
  EXPECT_THAT(xml, Not(HasSubstr("subscribe")));
  EXPECT_FALSE(fs::exists(dir_ / "FEED"));
  CertificatePtr permissions_ca = ReadCertificate(dir_ / "permissions_ca.pem");
  ASSERT_NE(permissions_ca, nullptr);
  EXPECT_EQ(Rfc2253Subject(permissions_ca.get()), "O=drill-7,CN=drill-7 permissions CA");
}

// The feeder (dds_feed.h) writes each partner's scans in that partner's
// partition only and its ticks in its own, and reads the acks; a partner
// reads its own scans only.
TEST_F(PkiTest, FeederMayWriteScansToEachPartnerOnly) {
  InitPki(dir_, options_);
  const std::string feeder = ReadText(dir_ / "FEED" / "permissions.xml");
  CertificatePtr certificate = ReadCertificate(FilesOf(dir_, "FEED").certificate);
  ASSERT_NE(certificate, nullptr);
  EXPECT_EQ(Element(feeder, "subject_name"), "O=trilink,CN=FEED");
  const std::vector<std::string> publish = Elements(feeder, "publish"),
                                 subscribe = Elements(feeder, "subscribe");
  ASSERT_EQ(publish.size(), 2u);
  ASSERT_EQ(subscribe.size(), 1u);
  EXPECT_EQ(Elements(publish[0], "topic"), std::vector<std::string>{"trilink_FeedScan"});
  EXPECT_EQ(Elements(publish[0], "partition"), options_.partners);
  EXPECT_EQ(Elements(publish[1], "topic"), std::vector<std::string>{"trilink_FeedTick"});
  EXPECT_EQ(Elements(publish[1], "partition"), std::vector<std::string>{"FEED"});
  EXPECT_EQ(Elements(subscribe[0], "topic"), std::vector<std::string>{"trilink_FeedAck"});
  EXPECT_EQ(Elements(subscribe[0], "partition"), options_.partners);
  EXPECT_THAT(feeder, Not(HasSubstr("trilink_Track")));

  const std::string jp = ReadText(dir_ / "JP" / "permissions.xml");
  const std::vector<std::string> jp_publish = Elements(jp, "publish"),
                                 jp_subscribe = Elements(jp, "subscribe");
  ASSERT_EQ(jp_publish.size(), 2u);
  ASSERT_EQ(jp_subscribe.size(), 3u);
  EXPECT_EQ(Elements(jp_publish[1], "topic"), std::vector<std::string>{"trilink_FeedAck"});
  EXPECT_EQ(Elements(jp_publish[1], "partition"), std::vector<std::string>{"JP"});
  EXPECT_EQ(Elements(jp_subscribe[1], "topic"), std::vector<std::string>{"trilink_FeedScan"});
  EXPECT_EQ(Elements(jp_subscribe[1], "partition"), std::vector<std::string>{"JP"});
  EXPECT_EQ(Elements(jp_subscribe[2], "topic"), std::vector<std::string>{"trilink_FeedTick"});
  EXPECT_EQ(Elements(jp_subscribe[2], "partition"), std::vector<std::string>{"FEED"});

  PkiOptions clash = options_;
  clash.feeder = "JP";
  std::string error;
  EXPECT_FALSE(clash.IsValid(&error));
  EXPECT_THAT(error, HasSubstr("feeder \"JP\": also a partner"));
}

TEST_F(PkiTest, WritesIntoAnEmptyFolderOrMakesTheMissingOnes) {
  fs::create_directory(dir_);
  InitPki(dir_.string() + "/", options_);  // a trailing separator names the same folder
  EXPECT_TRUE(fs::is_regular_file(dir_ / "JP" / "permissions.p7s"));
  EXPECT_EQ(Entries(), std::vector<std::string>{"pki"});

  const fs::path deep = root_ / "a" / "b" / "pki";
  InitPki(deep, options_);
  EXPECT_TRUE(fs::is_regular_file(deep / "US" / "cert.pem"));
}

TEST_F(PkiTest, RefusesAFolderThatIsNotEmptyAndLeavesItAsItWas) {
  fs::create_directory(dir_);
  std::ofstream(dir_ / "identity_ca_key.pem") << "an earlier key";
  EXPECT_THAT(ErrorOf(dir_, options_), HasSubstr(dir_.string() + " is not empty"));
  EXPECT_EQ(Entries(), std::vector<std::string>{"pki"});
  EXPECT_EQ(ReadText(dir_ / "identity_ca_key.pem"), "an earlier key");
  std::vector<std::string> inside;
  for (const auto& entry : fs::directory_iterator(dir_))
    inside.push_back(entry.path().filename().string());
  EXPECT_EQ(inside, std::vector<std::string>{"identity_ca_key.pem"});

  const fs::path file = root_ / "file";
  std::ofstream(file) << "x";
  EXPECT_THAT(ErrorOf(file, options_), HasSubstr("is not a folder"));
  EXPECT_THAT(ErrorOf(file / "pki", options_), HasSubstr("InitPki"));
  EXPECT_THAT(ErrorOf(".", options_), HasSubstr("does not name a folder"));
  EXPECT_THAT(ErrorOf("", options_), HasSubstr("does not name a folder"));
  EXPECT_EQ(Entries(), (std::vector<std::string>{"file", "pki"}));
}

TEST_F(PkiTest, AFailureHalfWayLeavesNothingBehind) {
  // A file size limit lets the CAs and their keys (< 1 kB each) be written
  // and fails the governance (> 1 kB) with EFBIG; in a child process, so
  // that the limit does not reach this one's output.
  const fs::path dir = root_ / "made" / "pki";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const rlimit limit{.rlim_cur = 1000, .rlim_max = 1000};
    signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(3);
    try {
      InitPki(dir, options_);
    } catch (const InputError& error) {
      const std::string message = error.what();
      _exit(message.find("cannot write " + (dir / "governance.xml").string()) != std::string::npos
                ? 0
                : 2);
    }
    _exit(1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: no error; 2: another error; 3: setrlimit failed";
  EXPECT_TRUE(Entries().empty());  // neither the folder, its temporary, nor "made"
}

TEST_F(PkiTest, RefusesBadOptionsLeavingNothingBehind) {
  struct Case {
    const char* name;
    std::function<void(PkiOptions&)> change;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"no partners", [](PkiOptions& o) { o.partners.clear(); }, "partners: none given"},
      {"a duplicate",
       [](PkiOptions& o) {
         o.partners = {"US", "JP", "US"};
       },
       "partners[2] \"US\": given twice"},
      {"a bad character",
       [](PkiOptions& o) {
         o.partners = {"US", "J,P"};
       },
       "partners[1] \"J,P\": expected 1 to 16 letters"},
      {"an empty partner", [](PkiOptions& o) { o.partners = {""}; }, "partners[0] \"\""},
      {"a long partner", [](PkiOptions& o) { o.partners = {std::string(17, 'A')}; },
       "expected 1 to 16"},
      {"validity 0", [](PkiOptions& o) { o.validity_days = 0; }, "validity_days 0"},
      {"negative validity", [](PkiOptions& o) { o.validity_days = -1; }, "validity_days -1"},
      {"a bad deployment", [](PkiOptions& o) { o.deployment = "a,b=c"; }, "deployment \"a,b=c\""},
      {"no deployment", [](PkiOptions& o) { o.deployment.clear(); }, "deployment \"\""},
      {"domains reversed",
       [](PkiOptions& o) {
         o.domain_min = 5;
         o.domain_max = 4;
       },
       "domain_min 5 > domain_max 4"},
      {"domain too high", [](PkiOptions& o) { o.domain_max = 230; }, "domain_max 230"},
      {"no topics", [](PkiOptions& o) { o.topics.clear(); }, "topics: none given"},
      {"a topic pattern", [](PkiOptions& o) { o.topics = {"trilink_*"}; }, "topics[0]"},
      {"a duplicate topic",
       [](PkiOptions& o) {
         o.topics = {"a", "a"};
       },
       "topics[1] \"a\": given twice"},
  };
  std::string error;
  EXPECT_TRUE(options_.IsValid(&error)) << error;
  EXPECT_FALSE(PkiOptions{}.IsValid(nullptr));  // no partners by default
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    PkiOptions options = options_;
    c.change(options);
    error.clear();
    EXPECT_FALSE(options.IsValid(&error));
    EXPECT_THAT(error, HasSubstr(c.message));
    EXPECT_THAT(ErrorOf(dir_, options), HasSubstr(c.message));
    EXPECT_THAT(ErrorOf(root_ / "missing" / "pki", options), HasSubstr(c.message));
    EXPECT_TRUE(Entries().empty());
  }
}

}  // namespace
}  // namespace trilink::bus
