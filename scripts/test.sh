#!/usr/bin/env bash
# Set up everything the test suite needs, then run it:
#  - bubblewrap, so the sandbox tests exercise it (installed with apt-get when this machine
#    allows; without it those tests run the process-only sandbox and say so);
#  - a virtualenv (.venv) with this package and its test extras.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k loading`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq bubblewrap) >/dev/null 2>&1 ||
      echo "note: could not install bubblewrap; sandbox tests use process limits only" >&2
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    (sudo apt-get update -qq && sudo apt-get install -y -qq bubblewrap) >/dev/null 2>&1 || true
  else
    echo "note: bubblewrap is not installed; sandbox tests use process limits only" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest -q "$@"
