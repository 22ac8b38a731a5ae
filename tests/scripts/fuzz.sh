#!/usr/bin/env bash
# Contract fuzzing: runs schemathesis against the real service's OpenAPI description with
# every check, positive and negative data, and the stateful phase (OpenAPI links), as three
# principals: anonymous, an organisation member and an organisation admin. Before fuzzing,
# tests/fuzz/seed.py creates through the API resources the member and admin can act on (open
# ideas, a funded idea...) and binds their ids to the operations that start link chains, so the
# stateful phase follows the links; each run prints the links it covered, and a signed-in
# principal covering none fails the run.
#
#   bash tests/scripts/fuzz.sh [sqlite|postgres]...     (default: sqlite postgres)
#
# CC2I_FUZZ_EXAMPLES (default 50) is the number of test cases per operation, and
# CC2I_FUZZ_PG_EXAMPLES (default the same) that on PostgreSQL; CC2I_FUZZ_SEED (default 8)
# fixes the generation so a failure can be replayed. One worker: schemathesis' threads can trip
# CPython 3.11's AST constructor ("recursion depth mismatch"), and one worker keeps runs
# reproducible.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
tools="${CC2I_TOOLS_DIR:-$HOME/.cache/cc2i}"
examples="${CC2I_FUZZ_EXAMPLES:-50}"
seed="${CC2I_FUZZ_SEED:-8}"
backends=("$@")
[ ${#backends[@]} -gt 0 ] || backends=(sqlite postgres)

st="$tools/venv/bin/schemathesis"
if [ ! -x "$st" ] || [ "$("$st" --version 2>/dev/null | awk '{print $3}')" != "4.32.5" ]; then
  [ -x "$tools/venv/bin/pip" ] || python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install -q 'schemathesis==4.32.5'
fi

cargo build -q -p cc2i-api --bin cc2i
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
port="${CC2I_FUZZ_PORT:-8097}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
server=""
stop_server() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT

failed=0
for backend in "${backends[@]}"; do
  data="$work/$backend"
  mkdir -p "$data"
  case "$backend" in
    sqlite) url="sqlite://$data/cc2i.sqlite" ;;
    postgres)
      admin_url="$(bash tests/scripts/postgres.sh)"
      name="cc2i_t_$(python3 -c 'import uuid,time; t=int(time.time()*1000); print(f"{t:012x}"+uuid.uuid4().hex[12:])')"
      runuser -u postgres -- psql -qtA -h /var/run/postgresql -c "CREATE DATABASE $name OWNER cc2i" >/dev/null
      url="${admin_url/\/cc2i\?/\/$name?}"
      ;;
    *) echo "unknown backend $backend (sqlite or postgres)" >&2; exit 2 ;;
  esac
  DATABASE_URL="$url" CC2I_DATA_DIR="$data" CC2I_BIND="127.0.0.1:$port" CC2I_PUBLIC_URL="$base" \
    CC2I_DEMO=1 CC2I_WEBHOOK_ALLOW_PRIVATE=1 CC2I_TOKEN_TTL_SECONDS=3600 CC2I_TEST_CLOCK=1 \
    CC2I_JWT_SECRET="fuzzing secret that is long enough for HS256" \
    CC2I_ADMIN_EMAIL="fuzz-admin@cc2i.test" CC2I_ADMIN_PASSWORD="fuzz admin password" \
    RUST_LOG=warn "$target/debug/cc2i" serve >"$data/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fsS "$base/readyz" >/dev/null || { cat "$data/server.log" >&2; exit 1; }
  # Sign in before fuzzing: the fuzzer's wrong passwords soon throttle sign-in from this address.
  declare -A tokens=()
  for principal in member admin; do
    tokens[$principal]="$(CC2I_FUZZ_DEVICE_FILE="$data/device-$principal" PYTHONPATH="$root/tests/fuzz" python3 tests/fuzz/principal.py "$base" "$principal")"
  done
  # Real resources for the signed-in principals (open ideas to pledge on, their organisation...)
  # and the configuration that feeds their ids to the operations that start link chains.
  PYTHONPATH="$root/tests/fuzz" python3 tests/fuzz/seed.py "$base" "$data/seed"
  n="$examples"
  [ "$backend" = postgres ] && n="${CC2I_FUZZ_PG_EXAMPLES:-$examples}"
  for principal in anonymous member admin; do
    headers=()
    config="$data/$principal.toml"
    cp tests/fuzz/schemathesis.toml "$config"
    if [ "$principal" != anonymous ]; then
      # Step up just before the run: actions on money and authority need a second factor
      # used in the last ten minutes (the member has none and keeps the token it has).
      if [ "$principal" = admin ]; then
        tokens[$principal]="$(CC2I_FUZZ_DEVICE_FILE="$data/device-$principal" PYTHONPATH="$root/tests/fuzz" python3 tests/fuzz/principal.py "$base" "$principal" "${tokens[$principal]}")"
      fi
      headers=(-H "Authorization: Bearer ${tokens[$principal]}")
      cat "$data/seed/$principal.toml" >>"$config"
    fi
    echo "== schemathesis: $backend, $principal, $n examples per operation, seed $seed" >&2
    start=$(date +%s)
    if ! PYTHONPATH="$root/tests/fuzz" SCHEMATHESIS_HOOKS=hooks "$st" --no-color --config-file "$config" run "$root/openapi.yaml" --url "$base" \
      --checks all --mode all --phases examples,coverage,fuzzing,stateful \
      --max-examples "$n" --seed "$seed" --generation-deterministic \
      --workers 1 --warnings off \
      --report junit --report-dir "$root/target/fuzz/$backend-$principal" \
      "${headers[@]}" | tee "$data/$principal.log"; then
      failed=1
      echo "!! schemathesis failed: $backend, $principal (server log: kept below)" >&2
      grep -E 'ERROR|panicked' "$data/server.log" | tail -20 >&2 || true
    fi
    # The stateful phase must follow OpenAPI links with real resources: a signed-in principal
    # that covers none has lost its seeded data (or the links), which fails the run.
    links="$(sed -n 's/^ *API Links: *//p' "$data/$principal.log" | tail -1)"
    covered="$(awk '{print $1}' <<<"${links:-0}")"
    echo "== $backend, $principal: $(( $(date +%s) - start ))s, links: ${links:-none reported}" >&2
    if [ "$principal" != anonymous ] && ! [ "${covered:-0}" -gt 0 ] 2>/dev/null; then
      failed=1
      echo "!! stateful phase covered no OpenAPI links: $backend, $principal" >&2
    fi
  done
  stop_server
  if [ "$backend" = postgres ]; then
    runuser -u postgres -- psql -qtA -h /var/run/postgresql -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null || true
  fi
done
exit "$failed"
