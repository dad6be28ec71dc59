#!/bin/bash
# Makes a fresh Debian 12 machine ready for `npm test` and `npm run demo`: the Debian packages the lab
# needs (test/lab/setup.sh) and the npm packages (npm ci, only when node_modules is missing or stale).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=lib/steps.sh
source test/lab/lib/steps.sh
bash test/lab/setup.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci (node_modules missing or stale)" npm ci --no-audit --no-fund
fi
