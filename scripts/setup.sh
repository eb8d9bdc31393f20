#!/usr/bin/env bash
# Installs every Debian package trilink's build, tests and benchmarks need.
# Non-interactive and idempotent; quick when everything is already there.
# Run as root, or as a user with sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libeigen3-dev libgeographiclib-dev libboost-dev libtomlplusplus-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev libsqlite3-dev libxml2-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
