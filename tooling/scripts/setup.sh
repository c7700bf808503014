#!/usr/bin/env bash
# Fresh-machine set-up for the dimexp monorepo (`npm run setup`).
#
# Needs only Node 20, npm and Python 3. Brings in pnpm, the workspace's
# dependencies, the Python virtualenv that tests use as interop peers, and
# builds every package. Safe to re-run: each step skips work already done.
set -euo pipefail

readonly PNPM_VERSION="12.4.2"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

log() { printf '[setup] %s\n' "$*"; }
fail() {
  printf '[setup] ERROR: %s\n' "$*" >&2
  exit 1
}

is_ci() {
  case "${CI:-}" in
    "" | 0 | false | FALSE | False) return 1 ;;
    *) return 0 ;;
  esac
}

step_started_at=0
step() {
  step_started_at=$SECONDS
  log "$*"
}
step_done() { log "  done in $((SECONDS - step_started_at))s"; }

# --- Node -------------------------------------------------------------------
command -v node >/dev/null 2>&1 || fail "node is not on PATH; install Node.js 20.11 or newer"
command -v npm >/dev/null 2>&1 || fail "npm is not on PATH; it ships with Node.js"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 20)); then
  fail "Node $(node --version) is too old; dimexp needs Node 20.11 or newer"
fi
log "node $(node --version), npm $(npm --version)"

# --- pnpm -------------------------------------------------------------------
installed_pnpm="$(pnpm --version 2>/dev/null || true)"
if [[ "$installed_pnpm" != "$PNPM_VERSION" ]]; then
  step "installing pnpm $PNPM_VERSION globally with npm (found: ${installed_pnpm:-none})"
  npm install --global "pnpm@$PNPM_VERSION" --no-audit --no-fund --loglevel=error ||
    fail "could not install pnpm globally; if npm's global prefix is not writable, run: npm config set prefix ~/.local (and put ~/.local/bin on PATH)"
  hash -r
  installed_pnpm="$(pnpm --version 2>/dev/null || true)"
  if [[ "$installed_pnpm" != "$PNPM_VERSION" ]]; then
    fail "pnpm on PATH is '${installed_pnpm:-missing}' ($(command -v pnpm || echo 'not found')), but npm installed $PNPM_VERSION into $(npm prefix --global)/bin: put that directory first on PATH"
  fi
  step_done
else
  log "pnpm $PNPM_VERSION already installed"
fi

# --- workspace dependencies ---------------------------------------------------
# pnpm's node-gyp ignores npm's `nodedir` setting; without this it tries to
# download Node headers (impossible here) when better-sqlite3 compiles.
npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
export npm_config_nodedir

step "installing workspace dependencies (pnpm install --frozen-lockfile)"
if ! pnpm install --frozen-lockfile; then
  if is_ci; then
    fail "pnpm install --frozen-lockfile failed; in CI the lockfile must match package.json (run pnpm install locally and commit pnpm-lock.yaml)"
  fi
  log "frozen install failed (lockfile out of date?); retrying with plain pnpm install since this is not CI"
  pnpm install
fi
step_done

# --- Python virtualenv ----------------------------------------------------------
python_bin="${PYTHON:-python3}"
command -v "$python_bin" >/dev/null 2>&1 || fail "$python_bin is not on PATH; install Python 3.11 or newer"
venv_dir="tooling/python/.venv"
requirements="tooling/python/requirements.txt"
stamp="$venv_dir/.requirements.stamp"
venv_python="$venv_dir/bin/python"

"$python_bin" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' ||
  fail "$("$python_bin" --version 2>&1) is too old; the Python peers (pint 0.25, numpy 2.4) need Python 3.11 or newer (set PYTHON=/path/to/python3.11+)"
base_python_version="$("$python_bin" -c 'import platform; print(platform.python_version())')"
# The stamp records the interpreter and the requirements' hash: pip runs only
# when either changed since the last successful install.
wanted_stamp="python-$base_python_version $("$python_bin" -c '
import hashlib, sys
print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())
' "$requirements")"

venv_python_version="$("$venv_python" -c 'import platform; print(platform.python_version())' 2>/dev/null || true)"
if [[ "$venv_python_version" != "$base_python_version" ]]; then
  step "creating Python $base_python_version virtualenv at $venv_dir${venv_python_version:+ (replacing $venv_python_version)}"
  "$python_bin" -m venv --clear "$venv_dir" ||
    fail "python3 -m venv failed; on Debian/Ubuntu install the python3-venv package"
  rm -f "$stamp"
  step_done
fi

if [[ "$(cat "$stamp" 2>/dev/null || true)" == "$wanted_stamp" ]]; then
  log "Python requirements unchanged; skipping pip ($venv_dir)"
else
  step "installing Python requirements from $requirements"
  "$venv_python" -m pip install --disable-pip-version-check --no-input --progress-bar off \
    --quiet --requirement "$requirements"
  printf '%s\n' "$wanted_stamp" >"$stamp"
  log "  installed: $("$venv_python" -m pip freeze --disable-pip-version-check | tr '\n' ' ')"
  step_done
fi

# --- Chromium (the dashboard's browser test) -------------------------------------
# Debian's chromium package, driven by playwright-core (which downloads no
# browser of its own). Installed when missing and we are root; otherwise a
# warning, and the browser test skips — except in CI, where it fails.
chromium_bin="/usr/bin/chromium"
if [[ -x "$chromium_bin" ]]; then
  log "chromium already installed ($("$chromium_bin" --version 2>/dev/null || echo "$chromium_bin"))"
elif [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  step "installing Debian's chromium for the dashboard's browser test (apt-get)"
  apt-get update -qq || fail "apt-get update failed; the dashboard's browser test needs Debian's chromium package"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium ||
    fail "apt-get install chromium failed; the dashboard's browser test needs it"
  step_done
elif is_ci; then
  fail "$chromium_bin is missing and this is not root: install Debian's chromium package (apt-get install -y chromium) before running the tests in CI"
else
  log "WARNING: $chromium_bin is missing and this is not root, so it is not installed; the dashboard's browser test will be skipped (run: sudo apt-get install -y chromium)"
fi

# --- PostgreSQL (the lab-scale deployment in tooling/scale) -----------------------
# Debian's postgresql package: tooling/scale runs initdb into a temporary folder
# and starts the server itself (as the postgres user), so no service is enabled.
postgres_bindir="$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -n "$postgres_bindir" && -x "$postgres_bindir/initdb" ]]; then
  log "postgresql already installed ($postgres_bindir)"
elif [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  step "installing Debian's postgresql for the lab-scale tests (apt-get)"
  apt-get update -qq || fail "apt-get update failed; the lab-scale tests need Debian's postgresql package"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql ||
    fail "apt-get install postgresql failed; the lab-scale tests need it"
  step_done
elif is_ci; then
  fail "PostgreSQL's initdb is missing and this is not root: install Debian's postgresql package before running the tests in CI"
else
  log "WARNING: PostgreSQL is missing and this is not root; the lab-scale tests will be skipped (run: sudo apt-get install -y postgresql)"
fi

# --- build ----------------------------------------------------------------------
step "building all packages (pnpm build)"
pnpm build
step_done

log "ready: run 'pnpm test'"
