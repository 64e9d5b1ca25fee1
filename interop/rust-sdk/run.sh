#!/usr/bin/env bash
# End-to-end check of aws-sso-migrate with the AWS SDK for Rust (see README.md).
# Usage: interop/rust-sdk/run.sh --bin PATH/TO/aws-sso-migrate [-v] [FILE]...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CARGO_TARGET_DIR="$here/target"
# The dev profile (see Cargo.toml): it builds in half the time.
cargo build --locked --manifest-path "$here/Cargo.toml"
checker="$here/target/debug/rust-sdk-interop"
# botocore's reading is the reference for --doctor (the botocore check's virtualenv).
repo="$(cd "$here/../.." && pwd)"
"$repo/scripts/pinned-venv" "$repo/target/interop/botocore-venv" \
  "$repo/tests/interop/botocore/requirements.txt" botocore
# The checker must first prove it notices wrong migrations.
"$checker" --selftest
"$checker" "$@"
# A migration that makes more sessions than the text lists logins for (twenty): the checker
# takes them all from the JSON report, and every profile must still resolve after.
many="$(mktemp -d)"
trap 'rm -rf "$many"' EXIT
for i in $(seq 1 25); do
  printf '[profile p%d]\nsso_start_url = https://portal%d.awsapps.com/start\nsso_region = us-east-1\n' "$i" "$i"
  printf 'sso_account_id = %012d\nsso_role_name = Admin\n\n' "$i"
done >"$many/config"
"$checker" "$@" "$many/config"
# Every claim `--doctor` makes about the AWS SDK for Rust, on the same files.
"$checker" --doctor "$@"
