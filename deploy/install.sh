#!/bin/sh
# Install the dashboard from this offline bundle: no network, no package index.
#   ./install.sh [PREFIX]        default PREFIX=/opt/govdash  ->  PREFIX/venv, PREFIX/app
# Needs CPython 3.11 with venv (Debian 12: apt-get install python3.11-venv from the install media).
# Then: PREFIX/venv/bin/python -m streamlit run PREFIX/app/dashboard.py, or the systemd units in
# PREFIX/app/deploy/systemd (docs/deploy.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${1:-/opt/govdash}
python=${PYTHON:-python3.11}
command -v "$python" >/dev/null 2>&1 || python=python3
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "install.sh: the wheels are for CPython 3.11; $python is $("$python" -V 2>&1). Set PYTHON=..." >&2
    exit 2
fi
(cd "$here" && sha256sum --quiet -c SHA256SUMS) || { echo "install.sh: the bundle is damaged (SHA256SUMS)" >&2; exit 2; }

mkdir -p "$prefix"
"$python" -m venv "$prefix/venv"
# Only this bundle's wheels, each checked against the lock's sha256; no configuration of this machine.
PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 "$prefix/venv/bin/python" -m pip install --quiet \
    --no-index --find-links "$here/wheels" --require-hashes --only-binary=:all: -r "$here/requirements.lock"

rm -rf "$prefix/app.new"
cp -R "$here/app" "$prefix/app.new"
if [ -d "$prefix/app" ]; then
    rm -rf "$prefix/app.previous"
    mv "$prefix/app" "$prefix/app.previous"
fi
mv "$prefix/app.new" "$prefix/app"
echo "installed in $prefix: $prefix/venv/bin/python -m streamlit run $prefix/app/dashboard.py"
