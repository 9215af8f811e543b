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

# ensure_role_and_db DBNAME PSQL_ARGS… — create the role "vmportal"
# (password "vmportal", may create databases, as the tests do) and DBNAME
# owned by it, unless they exist; psql runs as the postgres user with
# PSQL_ARGS (host, port).
ensure_role_and_db() {
  local db="$1"
  shift
  as_postgres psql -q -v ON_ERROR_STOP=1 "$@" -d postgres >&2 <<SQL
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', 'vmportal', 'vmportal')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vmportal') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$db', 'vmportal')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db') \gexec
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
