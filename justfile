# CC2i: every entry point a person or CI uses. `just --list` shows them.
set shell := ["bash", "-euo", "pipefail", "-c"]

tools := env_var_or_default("CC2I_TOOLS_DIR", env_var("HOME") + "/.cache/cc2i")

# List the recipes
default:
    @just --list

# Build everything, then serve API + app on http://localhost:8080 with demo data
run: web
    cargo build --release -p cc2i-api --bin cc2i
    mkdir -p data
    CC2I_DEMO=1 cargo run --release -q -p cc2i-api --bin cc2i -- serve

# Build the single-page app (wasm32, release, wasm-opt) into web/dist
web:
    bash web/build.sh

# Run every test: lints, unit, integration on SQLite and PostgreSQL, contract fuzzing, browser, first-load budget
test: lint spec unit test-sqlite test-postgres test-scale fuzz-contract browser budget

# Formatting and clippy with warnings as errors (native and wasm32)
lint:
    rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
    cargo fmt --all -- --check
    cargo clippy --workspace --exclude cc2i-web --all-targets -- -D warnings
    cargo clippy -p cc2i-web --target wasm32-unknown-unknown -- -D warnings

# Unit tests of the pure rules and the API internals
unit:
    cargo test -p cc2i-shared -p cc2i-api

# The black-box integration suite on SQLite (a temp file per test; the crash test runs the binary; the
# single sign-on tests start a real OpenID provider, node-oidc-provider)
test-sqlite:
    cargo build -p cc2i-api --bin cc2i
    bash tests/scripts/oidc.sh
    cargo test -p cc2i-tests

# The same suite on PostgreSQL (started here if needed; a fresh database per test)
test-postgres:
    cargo build -p cc2i-api --bin cc2i
    bash tests/scripts/oidc.sh
    TEST_DATABASE_URL="$(bash tests/scripts/postgres.sh)" cargo test -p cc2i-tests

# Three `cc2i serve` replicas over one PostgreSQL, started together: 64 workers for 20 s
# (pledges with retries on another replica, approvals, withdrawals, reads), one replica
# killed with SIGKILL and restarted midway, the real schedulers and senders in every replica;
# then caps, ledger, pledges, closing, webhooks and email are checked (exit 1 on a violation)
test-scale:
    cargo build -p cc2i-api --bin cc2i
    TEST_DATABASE_URL="$(bash tests/scripts/postgres.sh)" cargo run -q -p cc2i-tests --bin scale

# Check openapi.yaml against the OpenAPI 3.1 schema (the drift test is in the suite)
spec:
    test -x {{tools}}/venv/bin/openapi-spec-validator || (python3 -m venv {{tools}}/venv && {{tools}}/venv/bin/pip install -q openapi-spec-validator)
    {{tools}}/venv/bin/openapi-spec-validator openapi.yaml

# Contract fuzzing: schemathesis (all checks, positive and negative data, stateful links) against the running server as anonymous, member and admin; 50 cases per operation on SQLite, 10 on PostgreSQL (to keep CI reasonable; `just fuzz` runs 500 on both)
fuzz-contract:
    CC2I_FUZZ_EXAMPLES="${CC2I_FUZZ_EXAMPLES:-50}" CC2I_FUZZ_PG_EXAMPLES="${CC2I_FUZZ_PG_EXAMPLES:-10}" CC2I_TOOLS_DIR="{{tools}}" bash tests/scripts/fuzz.sh sqlite postgres

# The same contract fuzzing at 500 cases per operation
fuzz:
    CC2I_FUZZ_EXAMPLES=500 CC2I_TOOLS_DIR="{{tools}}" bash tests/scripts/fuzz.sh sqlite postgres

# Register, sign in, create and verify an organisation in headless Chromium, with axe-core on every page
browser: web
    bash tests/scripts/browser.sh

# The SPA's first load per wasm bundle (HTML, CSS, JS and wasm, gzip -9): at most 200 KB each
budget: web
    node tests/scripts/budget.mjs

# Regenerate openapi.yaml from the code
openapi:
    cargo run -q -p cc2i-api --bin cc2i -- openapi > openapi.yaml

# Apply migrations to DATABASE_URL without serving
migrate:
    cargo run -q -p cc2i-api --bin cc2i -- migrate

# Pledge throughput and latency at 32 clients, release build, on SQLite and PostgreSQL
bench-pledges:
    cargo build --release -p cc2i-api --bin cc2i
    BENCH_DATABASE_URL="$(bash tests/scripts/postgres.sh)" cargo bench -p cc2i-tests --bench pledges

# Sector radar at 10,000 organisations and 10,000 open ideas: audience and recommendations, release build, SQLite and PostgreSQL
bench-radar:
    cargo build --release -p cc2i-api --bin cc2i
    BENCH_DATABASE_URL="$(bash tests/scripts/postgres.sh)" cargo bench -p cc2i-tests --bench radar

# The public list on 100,000 ideas vs a bare actix-web baseline (oha, median of 5), 1k vs 100k
# ideas, logins under load, cold start and memory; SQLite and PostgreSQL. Seeds the data sets
# once (cc2i seed-demo --scale large) under target/bench-data and in cc2i_bench_* databases.
bench-load:
    command -v oha >/dev/null || cargo install oha --locked
    cargo build --release -p cc2i-api --bin cc2i
    ulimit -n 8192 2>/dev/null || true; BENCH_DATABASE_URL="$(bash tests/scripts/postgres.sh)" cargo bench -p cc2i-tests --bench load

# Pledges per second through one replica vs three on the same PostgreSQL (release build,
# median of 3 runs each), with the CPU of replicas and PostgreSQL, pool use and lock waits
bench-scale:
    cargo build --release -p cc2i-api --bin cc2i
    TEST_DATABASE_URL="$(bash tests/scripts/postgres.sh)" cargo run --release -q -p cc2i-tests --bin scale -- bench

# Every benchmark
bench: bench-pledges bench-radar bench-load bench-scale
