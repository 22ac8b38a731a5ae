#!/usr/bin/env bash
# Builds the CC2i web front end into web/dist: the yew app compiled to wasm32, bound with
# wasm-bindgen, shrunk with wasm-opt, plus index.html, app.css and GOV.UK Frontend's CSS, JS
# and assets. Installs the tools it needs when they are missing. Runs from any directory.
set -euo pipefail

web="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$web/.." && pwd)"
dist="$web/dist"
bindgen_version="0.2.130"
govuk="$web/node_modules/govuk-frontend/dist/govuk"

cd "$root"
# A freshly installed toolchain may not be on PATH yet.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen_version" ]]; then
  # Not --locked: the registry mirror lacks some crates the CLI's lockfile names.
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

if [[ ! -x "$web/node_modules/.bin/wasm-opt" || ! -f "$govuk/govuk-frontend.min.css" ]]; then
  (cd "$web" && npm install --no-audit --no-fund)
fi

target_dir="$(cargo metadata --format-version 1 --no-deps \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"

cargo build --profile release-small --target wasm32-unknown-unknown -p cc2i-web

rm -rf "$dist"
mkdir -p "$dist"
wasm-bindgen --target web --no-typescript --out-dir "$dist" --out-name app \
  "$target_dir/wasm32-unknown-unknown/release-small/cc2i-web.wasm"
"$web/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$dist/app_bg.wasm" -o "$dist/app_bg.wasm"

cp "$web/index.html" "$web/app.css" "$web/boot.js" "$web/js-enabled.js" "$dist/"
cp "$govuk/govuk-frontend.min.css" "$govuk/govuk-frontend.min.js" "$dist/"
cp -R "$govuk/assets" "$dist/assets"

raw=$(wc -c < "$dist/app_bg.wasm")
gzipped=$(gzip -9 -c "$dist/app_bg.wasm" | wc -c)
echo "web/dist built: app_bg.wasm $((raw / 1024)) KB raw, $((gzipped / 1024)) KB gzipped"
