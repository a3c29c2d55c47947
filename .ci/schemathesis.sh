#!/usr/bin/env bash
# The HTTP API against its own OpenAPI document: schemathesis generates
# requests from /api/openapi.json (valid and invalid ones) and runs every
# check on the answers (no 5xx, documented statuses, content types,
# headers and schemas, invalid input refused, valid input accepted, 405
# for other methods). Fails on any failure.
#
# Starts `sitrep serve` on a free port over a small database made from the
# project's incident fixture (built-in gazetteer only). Needs Python 3 with
# venv; schemathesis is installed once into a venv under target/.
#
# Environment: SITREP_BIN (default: builds and uses target/debug/sitrep),
# SCHEMATHESIS_EXAMPLES (test cases per operation and phase, default 100),
# SCHEMATHESIS_SEED (default 1, so that a run can be repeated),
# SCHEMATHESIS_REPORT_DIR (an absolute path: also write a JUnit report there).
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.32.5
venv=$PWD/target/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi

if [ -z "${SITREP_BIN:-}" ]; then
  cargo build --quiet -p sitrep
  SITREP_BIN=target/debug/sitrep
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-schemathesis.XXXXXX")
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# An empty data directory: the built-in gazetteer, whatever the machine has imported.
"$SITREP_BIN" --data-dir "$work/data" ingest crates/sitrep/tests/fixtures/incidents/reports.jsonl \
  --db "$work/s.db" >"$work/ingest.log" 2>&1 || { cat "$work/ingest.log" >&2; exit 1; }

"$SITREP_BIN" --data-dir "$work/data" serve --db "$work/s.db" --addr 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 600); do
  url=$(sed -n 's#^sitrep: serving on \(http://[^ ]*\)/$#\1#p' "$work/serve.log")
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "schemathesis.sh: sitrep serve did not start in 60 s" >&2; cat "$work/serve.log" >&2; exit 1; }
echo "schemathesis.sh: $url ($("$venv/bin/schemathesis" --version))"

# From the scratch folder: schemathesis keeps its example database in the
# working directory.
cd "$work"
"$venv/bin/schemathesis" run "$url/api/openapi.json" \
  --url "$url" \
  --checks all \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-100}" \
  --seed "${SCHEMATHESIS_SEED:-1}" \
  --workers 1 \
  --request-timeout 30 \
  --suppress-health-check too_slow \
  ${SCHEMATHESIS_REPORT_DIR:+--report junit --report-dir "$SCHEMATHESIS_REPORT_DIR"}
