#!/usr/bin/env bash
# test-deps.sh — install the OS packages the test suite drives for real:
# Chromium for the browser tests, Apache for the deployment test and
# OpenLDAP (slapd, ldap-utils) for the directory-login tests (PostgreSQL
# comes with pg-bootstrap.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_tool_packages apache2 apache2 # the deployment test runs its own Apache
# has_candidate PKG: the package is installable from the configured
# sources. (apt-cache's output is read whole: `apt-cache … | grep -q` under
# pipefail fails when grep stops reading early.)
has_candidate() {
  local policy
  policy=$(apt-cache policy "$1" 2>/dev/null || true)
  [[ "$policy" =~ Candidate:\ [0-9] ]]
}
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && [ ! -x /snap/bin/chromium ]; then
  has_candidate chromium || as_root apt-get update -qq >&2
  if has_candidate chromium; then
    ensure_packages chromium # Debian
  else
    ensure_packages chromium-browser # Ubuntu: installs the snap
  fi
fi

# The directory tests start their own slapd on a free port with a throwaway
# config; the system service the package would start (port 389, a default
# database) is not wanted. A policy-rc.d answering 101 stops the package's
# scripts from starting it; afterwards it is stopped and disabled in case it
# was running already.
if ! dpkg-query -W -f='${Status}' slapd 2>/dev/null | grep -q 'install ok installed'; then
  added_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 755 /usr/sbin/policy-rc.d
    added_policy=1
  fi
  ensure_packages slapd ldap-utils
  if [ -n "$added_policy" ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
fi
ensure_packages ldap-utils
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  as_root systemctl disable --now slapd >/dev/null 2>&1 || true
elif command -v service >/dev/null; then
  as_root service slapd stop >/dev/null 2>&1 || true
fi
