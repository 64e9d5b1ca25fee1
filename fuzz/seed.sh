#!/bin/sh
# Copies the seed inputs into fuzz/corpus/<target>/ before a run: the fixtures' configs and the
# real-world corpus from ../shared. The copies are not committed (fuzz/.gitignore): the shared
# corpus is not ours to redistribute.
#
#   fuzz/seed.sh && cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run migrate -- -max_total_time=600
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$fuzz")
shared="$repo/../shared/corpus/real-world"
for target in roundtrip migrate emit; do
    dir="$fuzz/corpus/$target"
    mkdir -p "$dir"
    for f in "$repo"/fixtures/*/config; do
        cp "$f" "$dir/fixture-$(basename "$(dirname "$f")").config"
    done
    if [ -d "$shared" ]; then
        cp "$shared"/*.config "$dir/"
    else
        echo "seed.sh: $shared not found; seeding from the fixtures only" >&2
    fi
done
echo "seeded $(ls "$fuzz/corpus/migrate" | wc -l) inputs per target" >&2
