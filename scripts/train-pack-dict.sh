#!/bin/sh
# Trains the zstd dictionary the SQLite store packs its long values with
# (crates/sitrep-store/data/pack-v1.zdict). It learns the shape of sitrep's
# own JSON (keys, enum names, place records), so that a value of 1-2 KB
# compresses about as well as a long one would.
#
# The samples are sitrep's JSON (mentions, events, incidents) of a
# generated corpus read with the built-in gazetteer only (no GeoNames dump,
# no shared data), seed 7; the benchmarks use seed 42. Document texts are
# not samples: the dictionary must not learn the generator's sentences.
#
# A dictionary, once shipped, is kept forever: every stored value names it
# by its id (1936290817, "sit" and 1). A new one gets a new file and id,
# and the reader keeps the old.
#
# usage: scripts/train-pack-dict.sh path/to/sitrep OUT.zdict   (needs zstd, python3)
set -eu
bin=$1
out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/empty" "$work/samples"
sitrep() { "$bin" --data-dir "$work/empty" "$@"; }
sitrep bench --seed 7 --docs 3000 --lang mixed --write-corpus "$work/c.jsonl"
sitrep annotate --input "$work/c.jsonl" --output "$work/mentions.jsonl"
sitrep extract --input "$work/c.jsonl" --output "$work/reports.jsonl"
sitrep ingest "$work/c.jsonl" --db "$work/c.db" --no-learn
sitrep incidents --db "$work/c.db" --format jsonl > "$work/incidents.jsonl"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
n = 0
def sample(value):
    global n
    open(f"{work}/samples/{n}", "w").write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    n += 1
for line in open(f"{work}/mentions.jsonl"):
    sample(json.loads(line).get("mentions", []))
for line in open(f"{work}/reports.jsonl"):
    for event in json.loads(line).get("events", []):
        sample(event)
for line in open(f"{work}/incidents.jsonl"):
    sample(json.loads(line))
PY
zstd --train -r "$work/samples" -o "$out" --maxdict=65536 --dictID=1936290817 -q
echo "wrote $out"
