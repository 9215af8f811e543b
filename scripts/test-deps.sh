#!/usr/bin/env bash
# test-deps.sh — install the OS packages the test suite drives for real:
# Chromium for the browser tests and Apache for the deployment test
# (PostgreSQL comes with pg-bootstrap.sh).
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
