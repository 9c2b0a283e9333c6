#!/usr/bin/env bash
# Builds one generated edition with Folio and with Hugo, a run of each in turn, and prints
# the median wall time, CPU time and peak memory of each and how many times faster Folio is.
# Runs alternate so both tools meet the same machine: on a shared virtual machine the speed
# of the machine itself moves by a third within an hour, the ratio much less.
#
#   benches/compare_hugo.sh [DOCUMENTS]        default: 10000; RUNS=5 runs of each
#
# Hugo builds a smaller site from the same Markdown files: a page per document (title,
# date, kind, archive, participants, the people it mentions as taxonomy links, the text),
# a page per mentioned person and per author, the lists of both, RSS feeds and a sitemap.
# Folio's site has all of that and date pages, citations in four styles with three downloads
# per document, the search index, data exports and a check of every link. Hugo's pages have
# no previous/next links (`.PrevInSection` added a quarter to its time). Hugo is installed
# from Debian (0.111.3 on bookworm) if it is missing; Zola has no build for this glibc.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${RUNS:-5}
work=${BENCH_DIR:-/tmp/folio-bench}
mkdir -p "$work"
source benches/common.sh

command -v hugo >/dev/null || { apt-get update -qq && apt-get install -y -qq hugo >/dev/null; }
# The profile of the published binaries (whole-program LTO): `PROFILE=release` for a
# quicker compile, with figures not comparable to these.
profile=${PROFILE:-dist}
cargo build --profile "$profile" --quiet --bin folio --example gen_corpus
target_dir=${CARGO_TARGET_DIR:-$(pwd)/target}
folio=$target_dir/$profile/folio
edition="$work/edition-$n"
[ -d "$edition/content" ] || "$target_dir/$profile/examples/gen_corpus" -n "$n" --out "$edition" --seed 7 >/dev/null

# The Hugo site reads the edition's documents where they are (a module mount).
site="$work/hugo-$n"
mkdir -p "$site/layouts/_default"
cat > "$site/hugo.toml" <<TOML
baseURL = "https://example.org/edition/"
title = "Generated edition"
[taxonomies]
person = "mentioned"
author = "author"
[[module.mounts]]
source = "$edition/content/documents"
target = "content/documents"
TOML
cat > "$site/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
cat > "$site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<dl><dt>Date</dt><dd>{{ .Date.Format "2 January 2006" }}</dd><dt>Kind</dt><dd>{{ .Params.kind }}</dd>
<dt>Archive</dt><dd>{{ .Params.archive }}, {{ .Params.archive_location }}</dd></dl>
<ul>{{ range .Params.participants }}<li>{{ .person }} {{ .role }}</li>{{ end }}</ul>
{{ with .GetTerms "mentioned" }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
<div>{{ .Content }}</div></article>{{ end }}
HTML
cat > "$site/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
HTML

trash="$work/moved-aside"
trap 'rm -rf "$trash"; sync' EXIT
: > "$work/folio.txt"
: > "$work/hugo.txt"
for _ in $(seq "$runs"); do
  move_aside "$edition/public" "$edition/.folio-cache"
  sync
  read_inputs "$edition/content" "$edition/themes" "$folio"
  measure "$folio" build --root "$edition" >> "$work/folio.txt"
  move_aside "$site/public" "$site/resources"
  sync
  read_inputs "$edition/content" "$site" "$(command -v hugo)"
  measure hugo --source "$site" --quiet >> "$work/hugo.txt"
done
[ -n "${SHOW_RUNS:-}" ] && paste -d' ' "$work/folio.txt" "$work/hugo.txt" | sed 's/^/  run (folio, hugo): /'
print_header "$n documents, cold"
print_medians "folio $(git describe --always --dirty)" "$work/folio.txt"
print_medians "hugo $(hugo version | grep -o 'v[0-9.]*' | head -1)" "$work/hugo.txt"
# Each pair of runs met the same machine: the median of the pairs' ratios.
paste -d' ' "$work/folio.txt" "$work/hugo.txt" | awk '{print $4 / $1}' | median | xargs printf "Folio is %.1f times as fast (median of the runs' wall-time ratios)\n"
