#!/usr/bin/env python3
# Seconds from the poll that finds a new item to its incident on /api/live
# (docs/PERFORMANCE.md, "Watching feeds"). Serves a feed of made-up reports,
# adds an item every 3 s, and reads the live stream of `sitrep watch --serve`.
#   scripts/watch-live-latency.py SITREP_BIN [ITEMS] [DATA_DIR]
import http.server, threading, time, subprocess, sys, json, urllib.request, os, socket, tempfile
BIN = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 5
state = {"items": [], "found_at": {}}
PAGE = "<html><body><article><p>Gunmen killed {n} villagers near {town} on Sunday, a local official said, report {i}.</p></article></body></html>"
towns = ["Djibo", "Dori", "Gao", "Kidal", "Diffa"]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        if self.path == "/feed.xml":
            items = "".join(f"<item><title>r{i}</title><link>http://127.0.0.1:{PORT}/p{i}.html</link></item>" for i in state["items"])
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>{items}</channel></rss>'.encode()
            now = time.time()
            for i in state["items"]:
                state["found_at"].setdefault(i, now)
            ctype = "application/rss+xml"
        elif self.path.startswith("/p"):
            i = int(self.path[2:].split(".")[0])
            body = PAGE.format(n=3 + i, town=towns[i % 5], i=i).encode(); ctype = "text/html"
        else:
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        self.send_response(200); self.send_header("Content-Type", ctype); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H); PORT = srv.server_address[1]
threading.Thread(target=srv.serve_forever, daemon=True).start()
d = tempfile.mkdtemp()
DATA = sys.argv[3] if len(sys.argv) > 3 else None
open(f"{d}/feeds.toml", "w").write(f'[[feed]]\nurl = "http://127.0.0.1:{PORT}/feed.xml"\ninterval = "2s"\n')
s = socket.socket(); s.bind(("127.0.0.1", 0)); wport = s.getsockname()[1]; s.close()
p = subprocess.Popen([BIN] + (["--data-dir", DATA] if DATA else []) + ["watch", "--feeds", f"{d}/feeds.toml", "--db", f"{d}/w.db", "--serve", f"127.0.0.1:{wport}", "--no-learn"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
p.stdout.readline()
time.sleep(1)
req = urllib.request.Request(f"http://127.0.0.1:{wport}/api/live", headers={"Accept": "text/event-stream"})
stream = urllib.request.urlopen(req)
lags = []
def reader():
    ev = None
    for line in stream:
        line = line.decode().rstrip("\n")
        if line.startswith("event:"): ev = line[6:].strip()
        elif line.startswith("data:") and ev == "incident":
            inc = json.loads(line[5:])
            now = time.time()
            for doc in inc.get("documents", []):
                u = doc.get("url") or ""
                if "/p" in u:
                    i = int(u.rsplit("/p", 1)[1].split(".")[0])
                    if i in state["found_at"] and i not in seen:
                        seen.add(i); lags.append(now - state["found_at"][i])
seen = set()
threading.Thread(target=reader, daemon=True).start()
for i in range(N):
    time.sleep(3)
    state["items"].append(i)
time.sleep(6)
p.send_signal(2); p.wait(timeout=30)
lags.sort()
print(f"{len(lags)}/{N} items seen live; poll-to-page seconds: min {lags[0]:.2f} median {lags[len(lags)//2]:.2f} max {lags[-1]:.2f}" if lags else "none seen")
