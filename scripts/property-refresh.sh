#!/usr/bin/env bash
# Runs the refresh property test against 2,000 random sandbox organizations (the package tests
# run 100). Prints the organizations run, the checks made and the seed; a failure prints the
# seed to replay: TENANCY_PROPERTY_SEED=<seed> scripts/property-refresh.sh
# Usage: scripts/property-refresh.sh [runs]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cd plugins/tenants-backend
log=$(mktemp)
status=0
CI=true TENANCY_PROPERTY_RUNS="${1:-2000}" \
  TENANCY_PROPERTY_TIME_LIMIT_MS="${TENANCY_PROPERTY_TIME_LIMIT_MS:-7200000}" \
  yarn backstage-cli package test --runInBand src/refresh/refreshInvariants.sandbox.test.ts \
  >"$log" 2>&1 || status=$?
grep -E 'Refresh property|replay with|✓|✕|Tests:|Counterexample' "$log" || cat "$log"
rm -f "$log"
exit "$status"
