#!/usr/bin/env bash
# Measures single-document rebuilds in `folio serve` on a generated edition: edits one
# document's text, title, event date (it moves in the chronology) and a participant's role,
# one kind at a time, and prints serve's own timing of each rebuild (`--verbose`).
# Figures, not pass/fail.
#
#   benches/serve_edits.sh [DOCUMENTS]       default: 10000
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${BENCH_DIR:-/tmp/folio-bench}
edition="$work/edition-$n"
mkdir -p "$work"
# The profile of the published binaries (whole-program LTO): `PROFILE=release` for a
# quicker compile, with figures not comparable to these.
profile=${PROFILE:-dist}
cargo build --profile "$profile" --quiet --bin folio --example gen_corpus
target=${CARGO_TARGET_DIR:-target}
[ -d "$edition/content" ] || "$target/$profile/examples/gen_corpus" -n "$n" --out "$edition" --seed 7 >/dev/null
folio=$(realpath "$target/$profile/folio")

cd "$edition"
file=content/documents/$(ls content/documents | sed -n "$((n / 2))p")
cp "$file" "$work/original.md"
restore() { cp "$work/original.md" "$file"; }
trap 'restore; kill $server 2>/dev/null || true' EXIT
"$folio" serve --verbose --port 0 > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 300); do grep -q "Serving\|Built" "$work/serve.log" && break; sleep 1; done
sleep 2

edit() { # label, then a command that edits $file
  local label=$1; shift
  local before; before=$(grep -c "^Rebuilt" "$work/serve.log" || true)
  "$@"
  for _ in $(seq 100); do
    [ "$(grep -c "^Rebuilt" "$work/serve.log" || true)" -gt "$before" ] && break
    sleep 0.1
  done
  sleep 1
  printf '%-6s %s\n' "$label" "$(grep "^Rebuilt" "$work/serve.log" | tail -1 | sed 's/^Rebuilt [^:]*: //')"
}
for i in 1 2 3 4 5; do edit text sh -c "printf '\nAnother line %s.\n' $i >> $file"; done
for i in 1 2 3 4 5; do edit title sed -i "s/^title: \"\(.*\)\"$/title: \"\1 v$i\"/" "$file"; done
for day in 01 02 03 04 05; do
  edit date sed -i "s/^\(event_date: [0-9]*-[0-9]*\)-[0-9]*/\1-$day/" "$file"
done
for i in 1 2 3 4 5; do edit role sed -i "0,/^    role: \(.*\)$/s//    role: \1 $i/" "$file"; done
