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
# Every claim `--doctor` makes about the AWS SDK for Rust, on the same files.
"$checker" --doctor "$@"
