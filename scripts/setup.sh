#!/usr/bin/env bash
# Installs every Debian and npm package trilink's build, tests and benchmarks
# need.
# Non-interactive and idempotent; quick when everything is already there.
# Run as root, or as a user with sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libeigen3-dev libgeographiclib-dev libboost-dev libtomlplusplus-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev libsqlite3-dev libxml2-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  # the DDS bus: Cyclone DDS 0.10.2 (idlc in cyclonedds-tools; the security
  # plugins in libddsc0debian), OpenSSL for the deployment PKI, tcpdump for
  # the test that no plain payload crosses the wire
  cyclonedds-dev cyclonedds-tools libddsc0debian openssl libssl-dev tcpdump
  # the fuzz preset (scripts/fuzz.sh): clang with libFuzzer and the sanitizers
  clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

# Node.js and npm (for the npm packages below): Debian's, unless a Node.js
# with npm is already installed (another distribution of it would conflict).
if ! command -v npm > /dev/null 2>&1; then
  for package in nodejs npm; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all Debian packages are installed"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages, exactly as pinned in package-lock.json: the country land and
# maritime areas (OpenStreetMap-derived, ODbL) and the independent CAP 1.2
# implementation the tests read trilink's alerts back with. Skipped when
# node_modules already matches the lock file.
cd "$(dirname "$0")/.."
if ! cmp -s package-lock.json node_modules/.trilink-installed-lock 2>/dev/null; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.trilink-installed-lock
fi

# Japan's prefectures (GPL-2, docs/areas.md) from Debian's r-cran-mapdata:
# only its three "japan" database files are taken from the .deb, so R itself
# is not installed. Then cut the region's areas file (skipped when it is newer
# than its inputs; about two minutes when it is not).
mapdata=data/generated/r-cran-mapdata
if [ ! -s "$mapdata/japan.L" ]; then
  echo "setup: Japan prefectures from r-cran-mapdata"
  work="$(mktemp -d)"
  chmod 755 "$work"  # apt-get download runs as _apt where it can
  if ! (cd "$work" && apt-get download -qq r-cran-mapdata=2.3.1-1 2>/dev/null); then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    (cd "$work" && apt-get download -qq r-cran-mapdata=2.3.1-1)
  fi
  dpkg-deb -x "$work"/r-cran-mapdata_*.deb "$work/root"
  mkdir -p "$mapdata"
  cp "$work"/root/usr/lib/R/site-library/mapdata/mapdata/japan.[LGN] "$mapdata/"
  cp "$work"/root/usr/share/doc/r-cran-mapdata/copyright "$mapdata/copyright"
  rm -rf "$work"
fi
node --max-old-space-size=8000 scripts/cut-areas.mjs
echo "setup: done"
