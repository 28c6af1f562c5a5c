#!/usr/bin/env bash
# neovim.sh — the NHI Hygiene language server under headless Neovim (Debian's 0.7.2)
# as a second real LSP client: diagnostic → preferred code action → apply → :wall,
# then the files are checked on disk. Adapted from the shared recipe example-neovim.sh.
#
# Usage: test/e2e/neovim.sh -- node /path/to/dist/server.js --stdio
# Env: NVIM (default: nvim on PATH), NVIM_LSP_TIMEOUT_MS (per wait, default 30000),
#      E2E_NVIM_TOTAL_S (hard limit, default 90), OUT_DIR (neovim-result.json).
#
# Workspace: app/settings.py with a hard-coded AKIA key, an existing .env.local and
# a .gitignore that does not ignore it yet. Neovim 0.7 does not announce
# `workspaceEdit.documentChanges`, so the server can only offer the move-to-env fix
# when the env file already exists (it cannot create files through `changes`).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    *) echo "usage: $0 -- SERVER_CMD [ARGS...]" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 -- SERVER_CMD [ARGS...]" >&2; exit 2; }
NVIM_BIN="${NVIM:-$(command -v nvim || true)}"
[ -x "$NVIM_BIN" ] || { echo "nvim not found: run test/e2e/setup.sh (apt-get install neovim)" >&2; exit 2; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/nhi-nvim-e2e-XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
trap 'exit 143' TERM INT
WS="$TMP/workspace"
mkdir -p "$WS/app"

# A fresh fake key id per run: AKIA + 16 base32 characters (never printed in full).
KEY="$(python3 -c 'import secrets; print("AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)))')"
MASKED="${KEY:0:4}…${KEY: -4}"
cat > "$WS/app/settings.py" <<PY
"""Settings for the nightly report export."""
import boto3

AWS_ACCESS_KEY_ID = "$KEY"
REGION = "eu-west-1"


def report_client(secret_access_key: str):
    return boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=secret_access_key, region_name=REGION)
PY
printf 'REPORT_BUCKET=nightly-reports\n' > "$WS/.env.local"
printf '__pycache__/\n*.pyc\n' > "$WS/.gitignore"

NVIM_LSP_CMD="$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@")"
export NVIM_LSP_CMD NVIM_LSP_FILE="$WS/app/settings.py" NVIM_LSP_ROOT="$WS"
export NVIM_LSP_EXPECT_DIAG='secret/aws-access-key-id'
export NVIM_LSP_EXPECT_AFTER='os.environ["AWS_ACCESS_KEY_ID"]'
export NVIM_LSP_EXPECT_GONE="$KEY"
if [ -n "${OUT_DIR:-}" ]; then mkdir -p "$OUT_DIR"; export NVIM_LSP_RESULT="$OUT_DIR/neovim-result.json"; fi
# Neovim's state (lsp.log, shada, swap) stays out of $HOME.
export XDG_CONFIG_HOME="$TMP/xdg/config" XDG_DATA_HOME="$TMP/xdg/data" \
       XDG_CACHE_HOME="$TMP/xdg/cache" XDG_STATE_HOME="$TMP/xdg/state"

start_ns=$(date +%s%N)
set +e
# --clean: no user config/plugins; -n: no swap; -i NONE: no shada; timeout: hard backstop.
# The provider flags: opening a .py file probes for a Python host (pynvim), ~18 s here.
timeout -k 5 "${E2E_NVIM_TOTAL_S:-90}" "$NVIM_BIN" --headless --clean -n -i NONE \
  --cmd 'let g:loaded_python3_provider = 0 | let g:loaded_ruby_provider = 0 | let g:loaded_perl_provider = 0 | let g:loaded_node_provider = 0' \
  -c "luafile $HERE/nvim-lsp-check.lua" </dev/null
rc=$?
set -e
ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then echo "FAIL: neovim run exceeded ${E2E_NVIM_TOTAL_S:-90}s" >&2; fi

# The other files of the WorkspaceEdit, on disk (values are checked, never printed).
if [ $rc -eq 0 ]; then
  check() { if ! grep -qxF -- "$2" "$WS/$1"; then echo "FAIL: $1 lacks the line ${3:-$2}" >&2; rc=1; fi; }
  check app/settings.py 'import os'
  check .env.local "AWS_ACCESS_KEY_ID=$KEY" "AWS_ACCESS_KEY_ID=$MASKED"
  check .env.local 'REPORT_BUCKET=nightly-reports'
  check .gitignore '__pycache__/'
  if ! grep -qE '^/?\.env\.local$' "$WS/.gitignore"; then echo "FAIL: .gitignore does not ignore .env.local" >&2; rc=1; fi
  [ $rc -eq 0 ] && echo "on disk: app/settings.py has import os + os.environ reference, .env.local has AWS_ACCESS_KEY_ID=$MASKED and kept REPORT_BUCKET, .gitignore ignores .env.local"
fi
echo "neovim check rc=$rc in ${ms} ms"
exit $rc
