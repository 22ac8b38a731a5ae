#!/usr/bin/env bash
# Starts the real service on demo data with a fresh SQLite database and runs the browser
# journey (tests/browser/e2e.mjs) in headless Chromium, with axe-core on every page.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
  (cd tests/browser && npm install --no-audit --no-fund --silent)
fi
# The single sign-on journey signs in through a real OpenID provider.
bash tests/scripts/oidc.sh

cargo build -q -p cc2i-api --bin cc2i
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
data="$(mktemp -d)"
port="${CC2I_BROWSER_PORT:-8099}"
export CC2I_ADMIN_EMAIL="browser-admin@cc2i.test" CC2I_ADMIN_PASSWORD="browser admin password"
DATABASE_URL="sqlite://$data/cc2i.sqlite" CC2I_DATA_DIR="$data" CC2I_BIND="127.0.0.1:$port" \
  CC2I_WEB_DIST="$root/web/dist" CC2I_DEMO=1 CC2I_OUTBOUND_ALLOW_PRIVATE=1 RUST_LOG=warn "$target/debug/cc2i" serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
CC2I_URL="http://localhost:$port" CC2I_DATA_DIR="$data" node tests/browser/e2e.mjs
