#!/usr/bin/env bash
# Installs the real OpenID provider the single sign-on tests start (tests/oidc: node-oidc-provider,
# pinned in its package-lock.json), and Node.js itself if the machine has none.
set -euo pipefail
cd "$(dirname "$0")/../oidc"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
if [ ! -d node_modules/oidc-provider ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
