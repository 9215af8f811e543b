#!/usr/bin/env bash
# pg-bootstrap.sh DBNAME [OWNER] — make a local PostgreSQL ready for the
# portal and print the DATABASE_URL of DBNAME on standard output.
#
# Idempotent: installs PostgreSQL from the OS packages if it is missing,
# creates and/or starts a cluster, creates the role "vmportal" (password
# "vmportal", allowed to create databases, as the tests do) and the database
# DBNAME owned by it. With OWNER (what `make run` does), DBNAME belongs to
# the role OWNER instead (password = its name), whose URL is printed on a
# second line: init-db runs as OWNER (MIGRATION_DATABASE_URL) and grants
# vmportal, the app's role, only what the app needs. Works as root (psql
# runs as the postgres user) or as a user with sudo. Progress goes to
# standard error.
set -euo pipefail
db="${1:?usage: pg-bootstrap.sh DBNAME [OWNER]}"
owner="${2:-vmportal}"
[[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "pg-bootstrap: bad database name: $db" >&2; exit 2; }
[[ "$owner" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "pg-bootstrap: bad role name: $owner" >&2; exit 2; }
. "$(dirname "$0")/lib.sh"

ensure_packages postgresql postgresql-contrib

# The newest installed major version, and its cluster (Debian's layout).
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v' | grep -q .; then
  echo "Creating PostgreSQL $version cluster…" >&2
  as_root pg_createcluster "$version" main >&2
fi
read -r cluster port status <<<"$(pg_lsclusters -h | awk -v v="$version" '$1 == v {print $2, $3, $4; exit}')"
if [ "$status" != "online" ]; then
  echo "Starting PostgreSQL $version/$cluster on port $port…" >&2
  as_root pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || { echo "pg-bootstrap: PostgreSQL did not come up on port $port" >&2; exit 1; }

ensure_role_and_db "$db" "$owner" -p "$port"

echo "postgres://vmportal:vmportal@127.0.0.1:$port/$db?sslmode=disable"
if [ "$owner" != vmportal ]; then
  echo "postgres://$owner:$owner@127.0.0.1:$port/$db?sslmode=disable"
fi
