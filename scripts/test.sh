#!/usr/bin/env bash
# Everything CI checks (`make test`, run by .ci/run): types, lint, format, copy/paste, unit and
# integration tests (SQLite, and PostgreSQL/Redis when they answer on 127.0.0.1), two backend replicas
# started together on PostgreSQL, the frontend build, a
# backend smoke test and the browser tests in headless Chromium. Prints step times and, last,
# one line `tests: N passed, N failed`.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
export CI=true
OUT="$ROOT/data/test-results"
mkdir -p "$OUT"
rm -f "$OUT"/*.json

failed_steps=()
step() {
  local name="$1"; shift
  local t0=$SECONDS
  echo "::: $name"
  if "$@"; then
    echo "::: $name ok ($((SECONDS - t0)) s)"
  else
    echo "::: $name FAILED ($((SECONDS - t0)) s)"
    failed_steps+=("$name")
  fi
}

# Real PostgreSQL and Redis for the store and cache suites, when the machine runs them.
if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
  export TENANCY_TEST_POSTGRES="$BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING"
else
  echo "note: no PostgreSQL on 127.0.0.1:5432; store suites run on SQLite only"
fi
if (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  export TENANCY_TEST_REDIS="${TENANCY_TEST_REDIS:-redis://127.0.0.1:6379}"
else
  echo "note: no Redis on 127.0.0.1:6379"
fi

# dist-types starts empty: declarations of deleted sources would change the API reports' order of
# union members (TypeScript orders them by when it first meets each type).
rm -rf dist-types
step "type check" yarn tsc
# The API reports (report*.api.md, API Extractor via backstage-repo-tools, from the dist-types the
# type check just wrote) match the code; `yarn build:api-reports` updates them.
step "API reports" yarn build:api-reports:check
step "lint" yarn backstage-cli repo lint
step "format" yarn prettier --check .
# Every tenancy.* config key the code reads is declared in a config.d.ts, and the app configs
# validate against the merged schema (scripts/check-config-keys.mjs).
step "config keys" node scripts/check-config-keys.mjs
# Copy/paste check (jscpd, pinned in the root devDependencies; config .jscpd.json: TypeScript and
# TSX, clones of 30 tokens or more, tests and generated code left out). Fails when the duplicated
# lines of plugins/ and packages/ exceed the threshold, in percent; the table shows the figure.
step "copy/paste check" yarn jscpd -c .jscpd.json --threshold 0.9 plugins packages
step "unit and integration tests" yarn backstage-cli repo test --json --outputFile="$OUT/jest.json"
# Replicas started together on an empty PostgreSQL database all serve (docs/replicas.md): two
# backend replicas, three tries, each within 120 s and without a restart; bounded at 15 min.
if [ -n "${TENANCY_TEST_POSTGRES:-}" ] && [ -n "${TENANCY_TEST_REDIS:-}" ]; then
  step "replicas start together" timeout 900 node --require @backstage/cli/config/nodeTransform.cjs \
    plugins/tenants-backend/scripts/scale-out-startup-check.ts 3 2
else
  echo "note: replicas start-together check skipped: it needs PostgreSQL and Redis on 127.0.0.1"
fi
step "frontend build" yarn workspace app build
step "browser and smoke tests" bash scripts/e2e.sh

# The closing line counts a failed step that ran no test as one failure, and comes last.
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
fi
# Steps that run no test (types, lint, format, build) count as one failure each.
untested_failures=0
for s in "${failed_steps[@]}"; do
  case "$s" in "unit and integration tests" | "browser and smoke tests") ;; *) untested_failures=$((untested_failures + 1)) ;; esac
done
node scripts/test-summary.mjs "$OUT" "$untested_failures"
summary_rc=$?
[ ${#failed_steps[@]} -gt 0 ] && exit 1
exit $summary_rc
