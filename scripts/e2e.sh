#!/usr/bin/env bash
# Browser and smoke tests: node's test runner over e2e/*.test.mjs, driving Debian's Chromium
# through playwright-core against the built portal on loopback. Installs chromium if missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
if [ ! -x "${TENANCY_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "e2e: installing Debian's chromium"
  apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null
fi
if [ ! -f packages/app/dist/index.html ]; then
  yarn workspace app build
fi
OUT="$ROOT/data/test-results"
mkdir -p "$OUT" e2e/screenshots
set +e
node --test --test-concurrency=1 --test-timeout=600000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$OUT/e2e.tap" \
  ${TENANCY_E2E_FILES:-e2e/*.test.mjs}
rc=$?
set -e
node -e '
const t = require("fs").readFileSync(process.argv[1], "utf8");
const n = k => Number((t.match(new RegExp("^# " + k + " (\\d+)", "m")) || [0, 0])[1]);
require("fs").writeFileSync(process.argv[2], JSON.stringify({ passed: n("pass"), failed: n("fail"), skipped: n("skipped") }));
' "$OUT/e2e.tap" "$OUT/e2e-browser.json"
exit $rc
