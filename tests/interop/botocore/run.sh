#!/usr/bin/env bash
# botocore round-trip checker: sets up a private virtualenv with the pinned botocore, proves the
# checker catches wrong migrations and false --doctor claims (--selftest), then checks the tool's
# migrations and its --doctor claims. Arguments go to check.py:
#   tests/interop/botocore/run.sh --bin target/release/aws-sso-migrate [FILE...]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
venv="$repo/target/interop/botocore-venv"
py="$venv/bin/python"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"

if [ ! -x "$py" ]; then
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv"
fi

want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ] || ! "$py" -c 'import botocore' 2>/dev/null; then
    "$py" -m pip install --quiet --disable-pip-version-check --no-input -r "$req"
    echo "$want" >"$stamp"
fi

"$py" "$here/check.py" --selftest
"$py" "$here/check.py" "$@"
# Every claim --doctor makes about botocore, on the same files.
exec "$py" "$here/check.py" --doctor "$@"
