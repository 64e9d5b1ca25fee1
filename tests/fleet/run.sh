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
"$repo/scripts/pinned-venv" "$venv" "$here/requirements.txt" ansible

# No __pycache__ in the working tree from importing the module to check its documentation.
export PYTHONDONTWRITEBYTECODE=1
exec "$py" "$here/check.py" --venv "$venv" "$@"
