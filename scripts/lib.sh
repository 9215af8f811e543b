# Shared helpers for the scripts in this folder; source it, don't run it.

# as_root runs a command as root: directly when we are root, else via sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# as_postgres runs a command as the postgres system user (PostgreSQL's
# superuser connects through the local socket with peer authentication).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# ensure_packages installs the Debian/Ubuntu packages that are missing.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing ${missing[*]} from the OS packages…" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# ensure_role_and_db DBNAME OWNER PSQL_ARGS… — create the role "vmportal"
# (password "vmportal", may create databases, as the tests do), the role
# OWNER (password = its name) unless it is vmportal, and DBNAME owned by
# OWNER, unless they exist; psql runs as the postgres user with PSQL_ARGS
# (host, port). A DBNAME an earlier run gave to vmportal is handed to
# OWNER with its tables and functions, so vmportal keeps only what init-db
# grants it.
ensure_role_and_db() {
  local db="$1" owner="$2"
  shift 2
  as_postgres psql -q -v ON_ERROR_STOP=1 "$@" -d postgres >&2 <<SQL
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', 'vmportal', 'vmportal')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vmportal') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', '$owner', '$owner')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$owner') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$db', '$owner')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', '$db', '$owner')
FROM pg_database WHERE datname = '$db' AND datdba <> '$owner'::regrole \gexec
SQL
  [ "$owner" = vmportal ] && return 0
  as_postgres psql -q -v ON_ERROR_STOP=1 "$@" -d "$db" >&2 <<SQL
DO \$\$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
               AND c.relowner = 'vmportal'::regrole LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO %I', r.name, '$owner');
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace AND p.proowner = 'vmportal'::regrole LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.name, '$owner');
    END LOOP;
END
\$\$;
SQL
}

# ensure_tool_packages SERVICE PKG… installs packages whose daemon the tests
# run themselves, on their own configuration and ports (Apache, slapd). When
# the install starts the system's SERVICE, it is stopped and disabled again,
# so the tests leave nothing running or bound to a well-known port. A
# package that was already installed is left as it was.
ensure_tool_packages() {
  local service="$1" fresh=0
  shift
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || fresh=1
  done
  ensure_packages "$@"
  [ "$fresh" -eq 1 ] || return 0
  if command -v systemctl >/dev/null && systemctl list-unit-files "$service.service" >/dev/null 2>&1; then
    as_root systemctl disable --now "$service" >/dev/null 2>&1 || true
  fi
  as_root service "$service" stop >/dev/null 2>&1 || true
}
