#!/usr/bin/env bash
# Fleet check: sets up a private virtualenv with the pinned ansible-core, then runs the Ansible
# module, the example playbook and the MDM script for real, as root, on temporary homes whose
# files belong to other users. Arguments go to check.py:
#   tests/fleet/run.sh --bin target/release/aws-sso-migrate
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/target/fleet/ansible-venv"
py="$venv/bin/python"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"

if [ ! -x "$py" ]; then
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv"
fi

want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ] || [ ! -x "$venv/bin/ansible-playbook" ]; then
    "$py" -m pip install --quiet --disable-pip-version-check --no-input -r "$req"
    echo "$want" >"$stamp"
fi

# No __pycache__ in the working tree from importing the module to check its documentation.
export PYTHONDONTWRITEBYTECODE=1
exec "$py" "$here/check.py" --venv "$venv" "$@"
