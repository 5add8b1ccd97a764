#!/usr/bin/env bash
# Makes a fresh machine ready to build and test cache-resource; skips what is already there.
# Every step is idempotent, so `npm test` and `npm start` call it unconditionally.
set -euo pipefail
cd "$(dirname "$0")/.."

# The CLI must match the crate's `wasm-bindgen = "=X"` pin exactly: the generated glue and the
# test runner speak a version-specific protocol with the compiled module.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: cannot read the wasm-bindgen pin from Cargo.toml" >&2; exit 1; }

log() { printf 'setup: %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # Not --locked: a version in the CLI's lockfile is missing from the registry mirror here.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Debian's Chromium and its driver, and Firefox ESR: test tools that download their own
# browser cannot here.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/firefox-esr ]; then
  log "installing Debian chromium, chromium-driver and firefox-esr"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver firefox-esr >/dev/null
fi

# wasm-pack: the tests of the wasm layer run through it, as Rust wasm users run theirs. It
# finds the wasm-bindgen installed above and the drivers scripts/test.sh names, so it
# downloads nothing.
if ! command -v wasm-pack >/dev/null; then
  log "installing wasm-pack (about 3 minutes)"
  cargo install wasm-pack
fi

# Firefox's WebDriver server is not packaged by Debian; cargo builds it (about 2 minutes).
if ! command -v geckodriver >/dev/null && [ ! -x "$HOME/.cargo/bin/geckodriver" ]; then
  log "installing geckodriver"
  # Not --locked: as for wasm-bindgen-cli, the lockfile may name versions the mirror lacks.
  cargo install geckodriver
fi

# npm packages (binaryen's wasm-opt, playwright-core, the benchmark peers). Debian's binaryen
# is too old for the wasm that Rust 1.95 emits, so wasm-opt comes from npm.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  # Vite 8.4 names a Windows-only optional package that the registry mirror here lacks. npm ci
  # counts that unresolvable optional dependency as lock drift and refuses; npm install skips it,
  # as it does for users, and still installs the versions the lock file pins.
  npm_err=$(mktemp)
  if ! npm ci --no-audit --no-fund --loglevel=error 2>"$npm_err"; then
    if grep -q 'in sync' "$npm_err"; then
      log "npm ci refused the lock file ($(grep -m1 Missing "$npm_err" | sed 's/npm error //')); installing it with npm install"
      npm install --no-save --no-audit --no-fund --loglevel=error
    else
      cat "$npm_err" >&2
      exit 1
    fi
  fi
fi
