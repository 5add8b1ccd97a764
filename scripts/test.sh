#!/usr/bin/env bash
# Every test, on a fresh machine or this one: set-up, build, then the three layers.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh

step() { printf '\n=== %s\n' "$*"; }

step "native core: cargo test"
cargo test --quiet

# The wasm layer through wasm-pack, the commands Rust wasm users run: tests/wasm_node.rs
# in Node, tests/wasm_browser.rs in each browser (each skips the other's runs).
step "wasm layer in Node: wasm-pack test --node"
wasm-pack test --node

step "wasm layer in headless Chromium: wasm-pack test --chrome"
wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver

step "wasm layer in headless Firefox: wasm-pack test --firefox"
wasm-pack test --headless --firefox --geckodriver "$(command -v geckodriver || echo "$HOME/.cargo/bin/geckodriver")"

step "the built package in Node, headless Chromium and Firefox: node:test"
node --expose-gc --test tests/js/ tests/browser/
