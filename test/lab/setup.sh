#!/bin/bash
# Installs (idempotently, as root) the Debian 12 packages the lab and the test suite need.
# The lab itself downloads its kernel package (linux-image-<ver>-amd64) on first use.
set -euo pipefail
# shellcheck source=lib/steps.sh
source "$(dirname "$0")/lib/steps.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: must run as root" >&2
  exit 1
fi

PACKAGES=(
  qemu-system-x86 busybox-static cpio kmod gzip
  ipvsadm iproute2 procps util-linux
  openssh-server openssh-client
  curl arping iputils-ping
  keepalived ldirectord
  ca-certificates
)

export DEBIAN_FRONTEND=noninteractive
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# apt-get update always: the lab resolves the current kernel package from the package lists.
step "apt-get update (package lists)" apt-get update
if [ "${#missing[@]}" -gt 0 ]; then
  step "apt-get install ${missing[*]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "setup.sh: Node.js >= 20 is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi
echo "setup.sh: lab packages present"
