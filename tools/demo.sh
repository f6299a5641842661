#!/usr/bin/env bash
# The README's main job: installs and builds if needed, then shows the engine at work on the
# sample files with the embedded default models (an encoder for text with [MASK], a decoder
# otherwise). Extra arguments are passed to `attention-lens analyze` for the last sample.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node tools/build.mjs
cli() { node bin/attention-lens.js analyze "$@"; }

echo "### The decoder reads samples/sample.ts (characters 0-140): per-token surprisal and the next token"
cli samples/sample.ts --from 0 --to 140
echo
echo "### The encoder fills a mask in a line of code"
printf 'import { readFile } [MASK] "node:fs";\nconst x = [MASK];\n' | cli -
echo
echo "### The lecture's example: 'On the river bank', layer 0, head 0"
printf 'On the river bank' | cli - --layer 0 --head 0 "$@"
