#!/usr/bin/env bash
# Builds the npm package into pkg/: the wasm module (release, wasm-bindgen's ES module glue,
# then wasm-opt) and the JS entry points from src/js/.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown --quiet
rm -rf pkg
mkdir -p pkg/wasm
# --target web: an ES module with an explicit init, which works in browsers, bundlers and
# workers alike; src/js/index.js and node.js run that init for the user.
wasm-bindgen --target web --no-typescript --out-dir pkg/wasm --out-name cache_resource \
  target/wasm32-unknown-unknown/release/cache_resource.wasm
# binaryen from npm: Debian's wasm-opt is too old for what this Rust emits.
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/wasm/cache_resource_bg.wasm -o pkg/wasm/cache_resource_bg.wasm
cp src/js/*.js src/js/*.d.ts src/js/package.json pkg/
cp README.md pkg/ 2>/dev/null || true

# Tests and the benchmark import "cache-resource" by name, exactly as users do.
mkdir -p node_modules
ln -sfn ../pkg node_modules/cache-resource
