#!/usr/bin/env bash
# CPU of `sitrep watch` polling 200 feeds every 5 minutes when nothing is
# new (docs/PERFORMANCE.md, "Watching feeds"). Serves 200 made-up RSS feeds
# of two items each from a local python3 http.server (which answers
# If-Modified-Since with 304), fills a database with one round, then
# watches for MEASURE seconds and reads the watcher's CPU ticks.
#   scripts/watch-idle-cpu.sh [SITREP_BIN] [DATA_DIR] [MEASURE_SECONDS]
set -euo pipefail
BIN=${1:-target/release/sitrep}
DATA=${2:-}
MEASURE=${3:-600}
BIN=$(realpath "$BIN")
dir=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
mkdir "$dir/site"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$dir" "$port" <<'PY'
import sys
d, port = sys.argv[1], sys.argv[2]
towns = ["Djibo", "Dori", "Gao", "Kidal", "Menaka", "Diffa", "Mopti", "Arbinda", "Kaya", "Tillaberi"]
for interval, name in (("60s", "fill.toml"), ("5m", "watch.toml")):
    with open(f"{d}/{name}", "w") as out:
        out.write('contact = "mailto:bench@example.org"\n')
        for f in range(200):
            out.write(f'[[feed]]\nurl = "http://127.0.0.1:{port}/feed-{f:03d}.xml"\ninterval = "{interval}"\n')
for f in range(200):
    items = []
    for k in range(2):
        town, n, page = towns[(f + k) % 10], 3 + (f * 7 + k) % 20, f"p-{f:03d}-{k}.html"
        with open(f"{d}/site/{page}", "w") as out:
            out.write(f"<html><head><title>Attack near {town}</title></head><body><article>"
                      f"<p>Gunmen killed {n} villagers near {town} on Sunday, a local official said. "
                      f"The army said it had sent reinforcements, its statement number {f * 2 + k} said.</p>"
                      f"</article></body></html>")
        items.append(f"<item><title>Attack near {town}</title><link>http://127.0.0.1:{port}/{page}</link>"
                     f"<pubDate>Sun, 06 Dec 2026 09:00:00 GMT</pubDate></item>")
    with open(f"{d}/site/feed-{f:03d}.xml", "w") as out:
        out.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Farm {f}</title>{"".join(items)}</channel></rss>')
PY
(cd "$dir/site" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
data=(); [ -n "$DATA" ] && data=(--data-dir "$DATA")
"$BIN" "${data[@]}" watch --feeds "$dir/fill.toml" --db "$dir/w.db" --rounds 1 --no-learn 2>&1 | tail -1
"$BIN" "${data[@]}" watch --feeds "$dir/watch.toml" --db "$dir/w.db" --no-learn >/dev/null 2>&1 &
pid=$!
sleep 30
t1=$(awk '{print $14+$15}' /proc/$pid/stat); s1=$(date +%s.%N)
sleep "$MEASURE"
t2=$(awk '{print $14+$15}' /proc/$pid/stat); s2=$(date +%s.%N)
rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
kill -INT $pid; wait $pid || true
python3 -c "
t=($t2-$t1)/$(getconf CLK_TCK); w=$s2-$s1
print(f'cpu {t:.2f} s over {w:.0f} s = {100*t/w:.3f}% of one core; resident {int($rss)/1024:.0f} MB')"
