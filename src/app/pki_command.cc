#include "pki_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include "trilink/bus/pki.h"
#include "trilink/core/error.h"

namespace trilink::app {

CLI::App* AddPkiCommand(CLI::App& app, PkiArgs& args) {
  CLI::App* pki = app.add_subcommand(
      "pki", "The deployment's public key infrastructure for the secured DDS bus");
  pki->require_subcommand(1);
  CLI::App* init = pki->add_subcommand(
      "init",
      "Create the identity CA, a separate permissions CA, one certificate and key per\n"
      "partner, and the governance and per-partner permissions documents signed by the\n"
      "permissions CA (OpenSSL; EC P-256 keys, ECDSA-SHA256). Each partner may write the\n"
      "trilink topics in its own partition only and read them in its partners'; every\n"
      "message is encrypted and no unauthenticated participant may join. DIR must not\n"
      "exist or be empty; it is written completely or not at all, owner-only (it holds\n"
      "the CA keys). A node needs DIR/identity_ca.pem, DIR/permissions_ca.pem,\n"
      "DIR/governance.p7s and its own DIR/<PARTNER>/{cert.pem,key.pem,permissions.p7s}.\n"
      "The feeder of simulated runs (`trilink feed`) gets an identity too (--feeder): it\n"
      "may write each partner's scans in that partner's partition only, so a partner's\n"
      "detections reach no one else.");
  init->add_option("dir", args.dir, "Folder to create")->required();
  init->add_option("--partners", args.partners, "Partner ids, comma-separated (e.g. US,JP,KR)")
      ->required()
      ->delimiter(',');
  init->add_option("--deployment", args.deployment,
                   "Deployment name, the organisation (O=) of every certificate")
      ->capture_default_str();
  init->add_option("--feeder", args.feeder, "The feeder's id (not a partner's); '' for none")
      ->capture_default_str();
  init->add_option("--validity-days", args.validity_days,
                   "Validity of the certificates and permission grants (days)")
      ->capture_default_str();
  return pki;
}

int RunPkiInit(const PkiArgs& args) {
  bus::PkiOptions options{.partners = args.partners,
                          .deployment = args.deployment,
                          .validity_days = args.validity_days,
                          .feeder = args.feeder};
  std::string error;
  if (!options.IsValid(&error)) throw InputError("pki init: " + error);
  bus::InitPki(args.dir, options);
  std::cout << fmt::format(
      "pki: wrote {} — identity CA, permissions CA, governance, and a certificate, key and "
      "permissions for {}{}\n",
      args.dir, fmt::join(args.partners, ", "),
      args.feeder.empty() ? "" : fmt::format(", and the feeder {}", args.feeder));
  return 0;
}

}  // namespace trilink::app
