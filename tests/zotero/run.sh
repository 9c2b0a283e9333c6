#!/usr/bin/env bash
# Runs Zotero's translators on a folder of cases written by `tests/zotero_metadata.rs`
# (cargo test --test zotero_metadata runs this script itself).
#
# Usage: FOLIO_ZOTERO_TRANSLATION_SERVER=DIR bash tests/zotero/run.sh CASES_DIR
#   DIR is a checkout of Zotero's translation-server with its submodules (translators,
#   utilities, translate, zotero-schema) and `npm install` done: see tests/zotero/README.md.
# Starts the server on a free loopback port (never another address), runs check.js, stops
# the server it started. The pages the cases name must already be served (the Rust test
# serves them on loopback).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cases="${1:?usage: run.sh CASES_DIR}"
server_dir="${FOLIO_ZOTERO_TRANSLATION_SERVER:?set FOLIO_ZOTERO_TRANSLATION_SERVER to a translation-server checkout}"
[ -f "$server_dir/src/server.js" ] && [ -d "$server_dir/node_modules" ] \
  && [ -f "$server_dir/modules/translators/Embedded Metadata.js" ] || {
  echo "not a translation-server checkout with submodules and node_modules: $server_dir" >&2
  exit 3
}

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
log="$cases/translation-server.log"
(cd "$server_dir" && NODE_CONFIG="{\"host\":\"127.0.0.1\",\"port\":$port}" exec node src/server.js) >"$log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  if grep -q "Listening on 127.0.0.1:$port" "$log" 2>/dev/null; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$log" >&2; exit 3; fi
  sleep 0.5
done
grep -q "Listening on 127.0.0.1:$port" "$log" || { echo "translation-server did not start" >&2; cat "$log" >&2; exit 3; }

node "$here/check.js" "$cases" "http://127.0.0.1:$port"
