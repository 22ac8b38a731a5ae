#!/usr/bin/env bash
# Makes sure a local PostgreSQL is installed and running with a `cc2i` role that may create
# databases, drops test databases left by runs over half an hour ago, and prints the admin URL for tests.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "installing PostgreSQL..." >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql libpq-dev >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA -h /var/run/postgresql "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'cc2i'")" != "1" ]; then
  psql_admin -c "CREATE ROLE cc2i LOGIN PASSWORD 'cc2i' CREATEDB" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'cc2i'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE cc2i OWNER cc2i" >&2
fi
# Test databases are named cc2i_t_<UUIDv7>; the UUID's first 48 bits are its creation time in
# ms. Only those over half an hour old are dropped, so concurrent runs keep theirs.
cutoff=$(( ($(date +%s) - 1800) * 1000 ))
for db in $(psql_admin -c "SELECT datname FROM pg_database WHERE datname LIKE 'cc2i_t_%'"); do
  created=$(( 16#${db:7:12} ))
  if [ "$created" -lt "$cutoff" ]; then
    psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >&2
  fi
done
# Local and TCP: no TLS. (libpq with OpenSSL can crash a test process that exits while a pool
# thread is still connecting: diesel-rs/diesel#3441.)
echo "postgres://cc2i:cc2i@127.0.0.1:5432/cc2i?sslmode=disable"
