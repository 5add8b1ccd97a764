#!/usr/bin/env bash
# The demo: set-up, build, then serve www/ with the built package on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs "${PORT:-8080}"
