# Sourced by the other scripts: make `uv` available (installed with pip if missing) and sync
# the locked environment, servers included (the `local` extra).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if command -v uv >/dev/null 2>&1; then
  UV=(uv)
else
  if ! python3 -m uv --version >/dev/null 2>&1; then
    echo "installing uv with pip..." >&2
    python3 -m pip install --quiet --disable-pip-version-check uv
  fi
  UV=(python3 -m uv)
fi
# Bytecode compiled once at install and cached for our own modules: every process (the CLI,
# servers, each test's subprocesses) otherwise compiles ~1,300 modules from source at start,
# about 2 s more each where the environment sets PYTHONDONTWRITEBYTECODE
# (compiling checks every file, ~1 s: done when the lock changed, marked by a stamp in .venv)
unset PYTHONDONTWRITEBYTECODE
stamp=.venv/.streamz-compiled
if [[ -f "$stamp" && "$stamp" -nt uv.lock ]]; then
  "${UV[@]}" sync --frozen --all-extras --quiet
else
  "${UV[@]}" sync --frozen --all-extras --quiet --compile-bytecode && touch "$stamp"
fi
