#!/usr/bin/env bash
# Set up everything the test suite needs, then run it: system packages (below) and a
# virtualenv (.venv) with this package and its test extras.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k loading`.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages some tests use: bubblewrap (the sandbox) and chromium (the HTML feedback page
# rendered the way a student's browser shows it). Installed when this machine allows; otherwise
# those tests skip and say so.
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    sudo="none"
  fi
  if [ "$sudo" != none ]; then
    ($sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}") >/dev/null 2>&1 ||
      echo "note: could not install ${missing[*]}; the tests that need them will skip" >&2
  else
    echo "note: ${missing[*]} not installed (no root); the tests that need them will skip" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest -q "$@"
