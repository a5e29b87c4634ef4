#!/usr/bin/env bash
# System packages the tests need and npm cannot provide: Chromium (browser tests) and EPUBCheck
# (export validation). Java 17 and redis-server come with the machine. Idempotent: installs only what
# is missing, and runs `apt-get update` once at most.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/java/epubcheck.jar ] || missing+=(epubcheck)
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${missing[*]} (run this script as root, or install them yourself)" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
