#!/usr/bin/env bash
# The install check: proves that the Tenancy packages install into a fresh Backstage app from
# their READMEs alone. Needs the network (the npm registry) and 20-40 minutes on 2 cores; not
# part of `make test`.
#   scripts/install-check.sh [--reuse-app] [--reuse-packs]
# 1. builds and packs the six Tenancy packages as they are published (prepack: dist, templates,
#    guardrail catalog) and serves the tarballs from a local registry for the @tenancy scope;
#    (--reuse-packs: the tarballs of an earlier run, when only this script changed);
# 2. creates an app with Backstage's own `npx @backstage/create-app@latest` (--reuse-app: keep
#    an app made by an earlier run, reset to its first commit);
# 3. applies the READMEs' install steps (scripts/install-check/readme-steps.mjs) and points the
#    app at the AWS sandbox (app-config.local.yaml), type-checks and builds it;
# 4. starts the sandbox and the app's backend (serving the built frontend) on loopback ports;
# 5. checks /tenants and a Tenant entity page in headless Chromium, and one vend through the
#    scaffolder API (scripts/install-check/check.mjs).
# Prints PASS/FAIL with the time of each step; exits non-zero on the first failure. Work folder:
# $TENANCY_INSTALL_CHECK_DIR (default /tmp/tenancy-install-check): logs/, screenshots/, app/.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
HERE="$ROOT/scripts/install-check"
WORK="${TENANCY_INSTALL_CHECK_DIR:-/tmp/tenancy-install-check}"
APP="$WORK/app"
PACKS="$WORK/packs"
LOGS="$WORK/logs"
REUSE=false
REUSE_PACKS=false
for arg in "$@"; do
  case "$arg" in
    --reuse-app) REUSE=true ;;
    --reuse-packs) REUSE_PACKS=true ;;
    *) echo "usage: install-check.sh [--reuse-app] [--reuse-packs]" >&2 && exit 2 ;;
  esac
done
PACKAGES=(tenants-common tenants-node tenants-backend catalog-backend-module-tenants
  scaffolder-backend-module-tenancy tenants)
mkdir -p "$WORK" "$LOGS"
export BACKSTAGE_APP_NAME=tenancy-adopter

pids=()
cleanup() { for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM
CHECK_STARTED=$(date +%s)

# step <name> <log> <command…>: runs the command, prints PASS/FAIL with its time, stops on FAIL.
step() {
  local name="$1" log="$LOGS/$2.log" started
  shift 2
  started=$(date +%s)
  if "$@" >"$log" 2>&1; then
    echo "PASS $name ($(($(date +%s) - started)) s)"
  else
    echo "FAIL $name ($(($(date +%s) - started)) s), last lines of $log:"
    tail -n 30 "$log" | sed 's/^/     /'
    exit 1
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Waits for the first line of $1 to be a URL (a started server), for at most $2 seconds.
wait_url() {
  for _ in $(seq 1 $(($2 * 5))); do
    head -n 1 "$1" 2>/dev/null | grep -q '^http' && return 0
    sleep 0.2
  done
  return 1
}

prerequisites() {
  node --version && yarn --version
  [ -x /usr/bin/chromium ] || { apt-get update && apt-get install -y chromium; }
  /usr/bin/chromium --version
}

pack_all() {
  if $REUSE_PACKS && [ "$(ls "$PACKS"/*.tgz 2>/dev/null | wc -l)" = "${#PACKAGES[@]}" ]; then
    ls -l "$PACKS" && return
  fi
  rm -rf "$PACKS" && mkdir -p "$PACKS"
  (cd "$ROOT" && rm -rf dist-types && nice -n 10 yarn tsc) || return 1
  for p in "${PACKAGES[@]}"; do
    (cd "$ROOT/plugins/$p" && nice -n 10 yarn build && yarn pack --out "$PACKS/%s-%v.tgz") || return 1
  done
  ls -l "$PACKS"
}

start_registry() {
  setsid node "$HERE/registry.mjs" "$PACKS" >"$LOGS/registry.log" 2>&1 &
  pids+=($!)
  wait_url "$LOGS/registry.log" 10 && cat "$LOGS/registry.log"
}

create_app() {
  if $REUSE && [ -d "$APP/.git" ]; then
    git -C "$APP" reset --hard "$(git -C "$APP" rev-list --max-parents=0 HEAD)" &&
      git -C "$APP" clean -fd && (cd "$APP" && nice -n 10 yarn install)
    return
  fi
  rm -rf "$APP"
  (cd "$WORK" && nice -n 10 npx -y @backstage/create-app@latest --path "$APP" </dev/null)
}

# Stands in for the publish: the @tenancy scope comes from the local registry. The app's
# npmMinimalAgeGate (3 days, from create-app) would hold back a version published minutes ago.
use_registry() (
  url="$(head -n 1 "$LOGS/registry.log")"
  cd "$APP" &&
    yarn config set npmScopes.tenancy.npmRegistryServer "$url" &&
    yarn config set unsafeHttpWhitelist --json '["localhost","127.0.0.1"]' &&
    yarn config set npmPreapprovedPackages --json '["@backstage/*","@tenancy/*"]' &&
    cat .yarnrc.yml
)

# create-app 0.9.2's backend takes @backstage/plugin-signals-backend 0.3.21, which calls
# httpRouter.addWebSocketHandler, and @backstage/backend-defaults ^0.18.0, which lacks it: the
# fresh app does not start, with or without Tenancy. Backstage's fix: backend-defaults 0.19.
upstream_fix() (
  cd "$APP" || exit 1
  if grep -rqs addWebSocketHandler node_modules/@backstage/backend-defaults/dist; then
    echo "not needed: backend-defaults has httpRouter.addWebSocketHandler"
  else
    nice -n 10 yarn --cwd packages/backend add @backstage/backend-defaults@^0.19.0
  fi
)

readme_steps() (cd "$APP" && nice -n 10 node "$HERE/readme-steps.mjs" "$APP" && git -C "$APP" diff --stat)

# What an adopter sets for the sandbox: the sandbox's accounts and endpoint, loopback ports.
sandbox_config() {
  cat >"$APP/app-config.local.yaml" <<EOF
app:
  baseUrl: http://localhost:$BACKEND_PORT
backend:
  baseUrl: http://localhost:$BACKEND_PORT
  listen: { port: $BACKEND_PORT, host: 127.0.0.1 }
  cors: { origin: http://localhost:$BACKEND_PORT }
aws:
  mainAccount: { accessKeyId: '000000000000', secretAccessKey: sandbox }
  accounts:
    - { accountId: '000000000001', accessKeyId: '000000000001', secretAccessKey: sandbox }
    - { accountId: '000000000002', accessKeyId: '000000000002', secretAccessKey: sandbox }
catalog:
  providers:
    tenants:
      defaultOwner: group:default/guests
      schedule: { frequency: { seconds: 10 }, timeout: { minutes: 3 } }
tenancy:
  aws:
    endpoint: http://127.0.0.1:$SANDBOX_PORT
    region: us-east-1
    managementAccountId: '000000000000'
    monitoringAccountId: '000000000001'
    securityAccountId: '000000000002'
  refresh:
    initialDelay: { seconds: 5 }
EOF
  cat "$APP/app-config.local.yaml"
}

app_tsc() (cd "$APP" && nice -n 10 yarn tsc)
# Which @backstage/frontend-plugin-api versions the app holds (create-app's template lists
# ^0.18.1 while its plugins bring 1.0): printed, so a failing page check can be read against it.
frontend_api_versions() (
  cd "$APP" && yarn why @backstage/frontend-plugin-api |
    grep -o 'frontend-plugin-api@npm:[0-9][^ ]*' | sed 's/.*@npm://' | sort -uV | paste -sd, -
)
app_build() (cd "$APP" && nice -n 10 yarn workspace app build)

start_sandbox() {
  setsid node "$ROOT/packages/aws-sandbox/bin/aws-sandbox" --port "$SANDBOX_PORT" --host 127.0.0.1 \
    --tenants 20 --seed 1 --clock real >"$LOGS/sandbox.log" 2>&1 &
  pids+=($!)
  wait_url "$LOGS/sandbox.log" 60 && head -n 2 "$LOGS/sandbox.log"
}

start_backend() {
  (cd "$APP" && exec setsid yarn workspace backend start) >"$LOGS/backend.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$BACKEND_PORT/.backstage/health/v1/readiness" && return 0
    sleep 2
  done
  tail -n 40 "$LOGS/backend.log"
  return 1
}

BACKEND_PORT=$(free_port)
SANDBOX_PORT=$(free_port)
echo "install check: work folder $WORK, backend port $BACKEND_PORT, sandbox port $SANDBOX_PORT"
step "prerequisites (node, yarn, chromium)" prerequisites prerequisites
step "build and pack ${#PACKAGES[@]} packages" pack pack_all
step "local registry for @tenancy" start-registry start_registry
step "create-app ($($REUSE && echo reused || echo '@backstage/create-app@latest'))" create-app create_app
step "app uses the @tenancy registry" yarnrc use_registry
step "create-app's own app starts (upstream fix when needed)" upstream-fix upstream_fix
step "README install steps" readme-steps readme_steps
step "sandbox config (app-config.local.yaml)" config sandbox_config
echo "info app's @backstage/frontend-plugin-api versions: $(frontend_api_versions)"
step "app type-checks (yarn tsc)" app-tsc app_tsc
step "frontend builds" app-build app_build
step "AWS sandbox starts" start-sandbox start_sandbox
step "backend starts (serves the frontend)" start-backend start_backend
started=$(date +%s)
if node "$HERE/check.mjs" "http://localhost:$BACKEND_PORT" "$WORK/screenshots"; then
  echo "PASS checks ($(($(date +%s) - started)) s)"
else
  echo "FAIL checks ($(($(date +%s) - started)) s); backend log: $LOGS/backend.log"
  exit 1
fi
echo "install check: PASS in $(($(date +%s) - CHECK_STARTED)) s"
