#!/usr/bin/env bash
# test-deps.sh — install the OS packages the test suite drives for real:
# Chromium for the browser tests (PostgreSQL comes with pg-bootstrap.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_packages chromium apache2
