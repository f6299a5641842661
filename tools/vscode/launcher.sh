#!/usr/bin/env bash
# The executable that runTests({ vscodeExecutablePath }) spawns: runs launcher.ts on the project's
# Node through tsx (code-server itself runs on Node 24; see codeServer.ts).
here=$(cd "$(dirname "$0")" && pwd)
exec node --import "$here/../../node_modules/tsx/dist/loader.mjs" "$here/launcher.ts" "$@"
