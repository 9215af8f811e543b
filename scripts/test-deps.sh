#!/usr/bin/env bash
# test-deps.sh — install the OS packages the test suite drives for real:
# Chromium for the browser tests and Apache for the deployment test
# (PostgreSQL comes with pg-bootstrap.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_packages apache2
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && [ ! -x /snap/bin/chromium ]; then
  if apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    ensure_packages chromium # Debian
  else
    as_root apt-get update -qq >&2
    if apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      ensure_packages chromium
    else
      ensure_packages chromium-browser # Ubuntu: installs the snap
    fi
  fi
fi
