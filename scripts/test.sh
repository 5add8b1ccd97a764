#!/usr/bin/env bash
# Every test, on a fresh machine or this one: set-up, build, then the three layers.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh

step() { printf '\n=== %s\n' "$*"; }

step "native core: cargo test"
cargo test --quiet

step "wasm layer in Node: wasm-bindgen-test"
cargo test --target wasm32-unknown-unknown --test wasm

step "wasm layer in headless Chromium: wasm-bindgen-test"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --target wasm32-unknown-unknown --test wasm

step "the built package in Node and headless Chromium: node:test"
node --expose-gc --test tests/js/ tests/browser/
