#!/usr/bin/env bash
# Builds the CC2i web front end into web/dist: the yew app compiled to wasm32, bound with
# wasm-bindgen, shrunk with wasm-opt, plus index.html, app.css and GOV.UK Frontend's CSS, JS
# and assets (trimmed and minified by web/trim.mjs). Installs the tools it needs when they are
# missing. Runs from any directory.
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

if [[ ! -x "$web/node_modules/.bin/wasm-opt" || ! -x "$web/node_modules/.bin/esbuild" \
  || ! -d "$web/node_modules/purgecss" || ! -f "$govuk/govuk-frontend.min.css" ]]; then
  (cd "$web" && npm install --no-audit --no-fund)
fi

target_dir="$(cargo metadata --format-version 1 --no-deps \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"

# One wasm binary per bundle (web/src/bin/*.rs): the pages of one area each, see
# web/src/bundles.rs. Built together, so the library is compiled once.
bundles=$(cd "$web/src/bin" && ls *.rs | sed 's/\.rs$//')
cargo build --profile release-small --target wasm32-unknown-unknown -p cc2i-web --bins

rm -rf "$dist"
mkdir -p "$dist"
for bundle in $bundles; do
  wasm-bindgen --target web --no-typescript --out-dir "$dist" --out-name "$bundle" \
    "$target_dir/wasm32-unknown-unknown/release-small/$bundle.wasm"
done
# Two at a time (wasm-opt spends much of its time on one thread).
printf '%s\n' $bundles | xargs -P 2 -I{} "$web/node_modules/.bin/wasm-opt" -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int "$dist/{}_bg.wasm" -o "$dist/{}_bg.wasm"

cp "$web/index.html" "$web/boot.js" "$web/bundles.js" "$web/js-enabled.js" "$dist/"
cp -R "$govuk/assets" "$dist/assets"
# GOV.UK Frontend's JS and CSS trimmed to what the pages use; our scripts, CSS and glue minified.
node "$web/trim.mjs" "$dist"

for bundle in $bundles; do
  raw=$(wc -c < "$dist/${bundle}_bg.wasm")
  gzipped=$(gzip -9 -c "$dist/${bundle}_bg.wasm" | wc -c)
  echo "web/dist built: ${bundle}_bg.wasm $((raw / 1024)) KB raw, $((gzipped / 1024)) KB gzipped"
done
