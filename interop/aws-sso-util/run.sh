#!/usr/bin/env bash
# aws-sso-util's credential helper end to end, from the config and from the credentials file
# (see check.py): a private virtualenv with the pinned aws-sso-util, from PyPI on first run.
# Usage: interop/aws-sso-util/run.sh --bin PATH/TO/aws-sso-migrate
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/target/interop/aws-sso-util-venv"
"$repo/scripts/pinned-venv" "$venv" "$here/requirements.txt" aws_sso_util
# No __pycache__ in the working tree from importing the botocore check's stub portal.
export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" "$here/check.py" "$@"
