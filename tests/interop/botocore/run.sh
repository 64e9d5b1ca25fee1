#!/usr/bin/env bash
# botocore round-trip checker: sets up a private virtualenv with the pinned botocore, proves the
# checker catches wrong migrations and false --doctor claims (--selftest), then checks the tool's
# migrations, configs read with a credentials file (credentials_file.py: a migration, and
# --doctor's role chain claims, and generated credentials files against botocore's reading;
# it proves it can fail too) and its --doctor claims. Arguments go to check.py:
#   tests/interop/botocore/run.sh --bin target/release/aws-sso-migrate [FILE...]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
venv="$repo/target/interop/botocore-venv"
py="$venv/bin/python"
"$repo/scripts/pinned-venv" "$venv" "$here/requirements.txt" botocore

"$py" "$here/check.py" --selftest
"$py" "$here/check.py" "$@"
# A profile whose SSO keys the shared credentials file repeats.
"$py" "$here/credentials_file.py" "$@"
# Every claim --doctor makes about botocore, on the same files.
exec "$py" "$here/check.py" --doctor "$@"
