#!/bin/bash
# crawl --processes measured: two local webs of 4 hosts each (this project's HTTP server, epoll),
# crawled in this process (p=0) and on 1 and 2 processes, interleaved, 5 rounds. results.txt holds
# the output of one run (2026-12-02, 2 cores shared by the 8 servers, the crawler and its shards).
#   slow: 31 pages per host, each answer 50 ms late (--delay 50), --depth 2: 124 pages
#   fast: 500 pages of 21 KB per host, 50 links each, no delay, --depth 5 --same-host: 2004 pages
set -euo pipefail
cd "$(dirname "$0")/../../.."
web=$(mktemp -d)
mkdir -p "$web/slow" "$web/fast"
python3 - "$web" <<'PY'
import random, sys
web = sys.argv[1]
for i in range(30):
    open(f"{web}/slow/p{i}.html", "w").write(f'<html><body><a href="/p{(i + 1) % 30}.html">next</a> <a href="/">home</a></body></html>')
open(f"{web}/slow/index.html", "w").write("<html><body>" + "".join(f'<a href="/p{i}.html">p{i}</a>\n' for i in range(30)) + "</body></html>")
random.seed(1)
filler = "<p>" + "lorem ipsum dolor sit amet " * 40 + "</p>\n"
for i in range(500):
    links = "".join(f'<a href="/p{j}.html">p{j}</a> ' for j in random.sample(range(500), 50))
    open(f"{web}/fast/p{i}.html", "w").write("<html><body>" + filler * 10 + links + "</body></html>")
open(f"{web}/fast/index.html", "w").write("<html><body>" + "".join(f'<a href="/p{j}.html">p</a>' for j in range(0, 500, 5)) + "</body></html>")
PY
pids=()
for p in 18081 18082 18083 18084; do ./iomodels serve --model epoll --protocol http --root "$web/slow" --delay 50 --port $p >/dev/null 2>&1 & pids+=($!); done
for p in 18091 18092 18093 18094; do ./iomodels serve --model epoll --protocol http --root "$web/fast" --port $p >/dev/null 2>&1 & pids+=($!); done
trap 'kill "${pids[@]}"; rm -rf "$web"' EXIT
sleep 6
A="http://127.0.0.1:18081/ http://127.0.0.1:18082/ http://127.0.0.1:18083/ http://127.0.0.1:18084/"
B="http://127.0.0.1:18091/ http://127.0.0.1:18092/ http://127.0.0.1:18093/ http://127.0.0.1:18094/"
for i in 1 2 3 4 5; do
  for p in 0 1 2; do
    if [ $p = 0 ]; then a=""; else a="--processes $p"; fi
    echo "slow p=$p $(./iomodels crawl --depth 2 $a --json $A 2>"$web/err" | grep -o '"pages":[0-9]*\|"seconds":[0-9.]*' | tr '\n' ' ') $(grep -o 'ready in [0-9.]* s' "$web/err" || true)"
    echo "fast p=$p $(./iomodels crawl --depth 5 --same-host $a --json $B 2>"$web/err" | grep -o '"pages":[0-9]*\|"seconds":[0-9.]*' | tr '\n' ' ') $(grep -o 'ready in [0-9.]* s' "$web/err" || true)"
  done
done
