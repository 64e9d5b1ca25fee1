#!/usr/bin/env bash
# The AWS SDK for Ruby v3 reads every config before and after migration (see README.md).
# Usage: interop/ruby-sdk/run.sh --bin PATH/TO/aws-sso-migrate [-v] [FILE]...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The SDK is Debian's package (ruby-aws-sdk-core), which .ci/run installs.
if ! ruby -e 'require "aws-sdk-core"' >/dev/null 2>&1; then
  echo "error: the Ruby check needs Ruby with aws-sdk-core (apt-get install ruby ruby-aws-sdk-core)" >&2
  exit 1
fi
# botocore's reading is the reference for --doctor's claims (the botocore check's virtualenv).
repo="$(cd "$here/../.." && pwd)"
"$repo/scripts/pinned-venv" "$repo/target/interop/botocore-venv" \
  "$repo/tests/interop/botocore/requirements.txt" botocore
# The checker must first prove it notices wrong migrations, and false or missing claims.
ruby "$here/check.rb" --selftest
ruby "$here/check.rb" --doctor-selftest
ruby "$here/check.rb" "$@"
# Every claim --doctor makes about this SDK, and every profile it reads otherwise, on the same files.
exec ruby "$here/check.rb" --doctor "$@"
