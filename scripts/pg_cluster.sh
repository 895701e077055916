#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests of registers on a server
# (tests/server.rs): initdb and pg_ctl in a temporary folder, run by an
# unprivileged user, reached over a Unix socket in that folder only.
#
#   scripts/pg_cluster.sh start   prints the address to export as DPO_TEST_POSTGRES
#   scripts/pg_cluster.sh stop DIR
set -euo pipefail

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$bin" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  fi
  [ -n "$bin" ] || { echo "PostgreSQL not installed (apt-get install postgresql)" >&2; exit 1; }
  echo "$bin"
}

# initdb refuses to run as root: as root, the cluster belongs to a system user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id dpo-test-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin dpo-test-pg
    runuser -u dpo-test-pg -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    bin=$(pg_bin)
    dir=$(mktemp -d /tmp/dpo-test-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && { as_owner true 2>/dev/null || true; chown dpo-test-pg "$dir"; }
    port=${DPO_TEST_PG_PORT:-54329}
    as_owner "$bin/initdb" -D "$dir/data" -U dpo --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
      -o "-k $dir -p $port -c listen_addresses= -c fsync=off" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://dpo@/postgres?host=$dir&port=$port"
    ;;
  stop)
    dir=${2:?the folder start made}
    bin=$(pg_bin)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
