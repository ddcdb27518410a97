#!/usr/bin/env bash
# The demo: the AWS sandbox (50 tenants, state kept in ./data) and the backend on SQLite
# (./data/sqlite), which also serves the built frontend. Prints the URL; Ctrl-C stops both.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
mkdir -p data

# Build the frontend when it is missing or older than its sources.
if [ ! -f packages/app/dist/index.html ] || \
   [ -n "$(find packages/app/src plugins/tenants/src -newer packages/app/dist/index.html -type f 2>/dev/null | head -n 1)" ]; then
  echo "start: building the frontend (first run takes a few minutes)"
  yarn workspace app build >data/app-build.log 2>&1 || { tail -n 40 data/app-build.log; exit 1; }
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

config_args=(--config "$ROOT/app-config.yaml")
if [ -f packages/aws-sandbox/bin/aws-sandbox ]; then
  node packages/aws-sandbox/bin/aws-sandbox --port 4566 --tenants "${TENANCY_DEMO_TENANTS:-50}" --seed 1 \
    --state "$ROOT/data/sandbox-state.json" --demo >data/sandbox.log 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do grep -q '^http' data/sandbox.log 2>/dev/null && break; sleep 0.2; done
  echo "start: AWS sandbox at $(head -n 1 data/sandbox.log)"
  config_args+=(--config "$ROOT/app-config.sandbox.yaml")
fi

(cd packages/backend && NODE_ENV=development node --require @backstage/cli/config/nodeTransform.cjs src/index.ts "${config_args[@]}") &
pids+=($!)
for _ in $(seq 1 300); do
  curl -fsS http://127.0.0.1:7007/.backstage/health/v1/readiness >/dev/null 2>&1 && break
  sleep 1
done
echo
echo "Tenancy is running: http://localhost:7007 (signed in as a guest platform engineer). Ctrl-C stops it."
wait "${pids[@]}"
