#!/usr/bin/env bash
# Builds generated editions of several sizes and prints wall time, CPU time and peak memory
# of `folio build`, each the median of RUNS runs (default 5). Figures, not pass/fail.
#
#   benches/build_editions.sh [SIZES...]        default: 1000 10000 100000
#   RUNS=3 benches/build_editions.sh 10000
#   SHOW_RUNS=1 benches/build_editions.sh 10000   # also every run's wall, cpu and peak
#
# Also measures a rebuild after touching one document (incremental build) and one after an
# edit to the settings that changes every page (every file rewritten) for each size.
#
#   FOLIO_BIN=/path/to/folio benches/build_editions.sh 10000   # measure another binary
#                                                              # (an older build, say)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<< "${sizes[*]}"
runs=${RUNS:-5}
work=${BENCH_DIR:-/tmp/folio-bench}
mkdir -p "$work"

# The profile of the published binaries (whole-program LTO): `PROFILE=release` for a
# quicker compile, with figures not comparable to these.
profile=${PROFILE:-dist}
cargo build --profile "$profile" --quiet --bin folio --example gen_corpus
# The binaries just built: under CARGO_TARGET_DIR when it is set, not a stale ./target.
target_dir=${CARGO_TARGET_DIR:-$(pwd)/target}
folio=${FOLIO_BIN:-$target_dir/$profile/folio}
gen=$target_dir/$profile/examples/gen_corpus

trash="$work/moved-aside"
trap 'rm -rf "$trash"; sync' EXIT

source benches/common.sh

print_header "documents, build"
for n in "${sizes[@]}"; do
  edition="$work/edition-$n"
  [ -d "$edition/content" ] || "$gen" -n "$n" --out "$edition" --seed 7 >/dev/null
  for kind in cold touch retitle; do
    : > "$work/results.txt"
    for _ in $(seq "$runs"); do
      if [ "$kind" = cold ]; then
        move_aside "$edition/public" "$edition/.folio-cache"
      elif [ "$kind" = touch ]; then
        "$folio" build --root "$edition" >/dev/null 2>&1
        printf '\nTouched.\n' >> "$edition/content/documents/doc-000000.md"
      else
        "$folio" build --root "$edition" >/dev/null 2>&1
        # Every page shows the edition's title. A word added or taken away: punctuation
        # at the end of the title would send every citation to the CSL engine.
        if grep -q '^title = ".* revised"$' "$edition/site.toml"; then
          sed -i 's/^title = "\(.*\) revised"$/title = "\1"/' "$edition/site.toml"
        else
          sed -i 's/^title = "\(.*\)"$/title = "\1 revised"/' "$edition/site.toml"
        fi
      fi
      # The last run's 600 MB are still being written back to disk: without a sync the
      # kernel's flusher does that on the two cores this run is measured on (0.7-1 s of
      # CPU at 10,000 documents here), so each run would pay for the one before it.
      sync
      read_inputs "$edition/content" "$edition/themes" "$folio"
      measure "$folio" build --root "$edition" >> "$work/results.txt"
    done
    [ -n "${SHOW_RUNS:-}" ] && sed "s/^/  run: /" "$work/results.txt"
    print_medians "$n $kind" "$work/results.txt"
  done
done
