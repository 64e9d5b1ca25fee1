#!/usr/bin/env bash
# The AWS SDK for JavaScript v3 reads every config before and after migration (see README.md).
# Usage: interop/js-sdk/run.sh --bin PATH/TO/aws-sso-migrate [-v] [FILE]...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The SDK's config reader, pinned in package-lock.json, from the npm registry on first run.
if [ ! "$here/node_modules/.package-lock.json" -nt "$here/package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
# botocore's reading is the reference for --doctor's claims (the botocore check's virtualenv).
repo="$(cd "$here/../.." && pwd)"
"$repo/scripts/pinned-venv" "$repo/target/interop/botocore-venv" \
  "$repo/tests/interop/botocore/requirements.txt" botocore
# The checker must first prove it notices wrong migrations, and false or missing claims.
node "$here/check.js" --selftest
node "$here/check.js" --doctor-selftest
node "$here/check.js" "$@"
# Every claim --doctor makes about this SDK, and every profile it reads otherwise, on the same files.
exec node "$here/check.js" --doctor "$@"
