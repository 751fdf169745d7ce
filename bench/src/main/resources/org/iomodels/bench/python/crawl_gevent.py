#!/usr/bin/env python3
"""The seeds' crawler grown up, as a benchmark peer: gevent + urllib after monkey.patch_all().

Fixed worker greenlets take (url, depth) from a JoinableQueue, hold their host's semaphore while
urllib fetches, and queue the page's href/src links (each URL once) up to --depth hops.
Run:  /usr/bin/python3 crawl_gevent.py --concurrency 16 --per-host 4 --depth 1 http://127.0.0.1:PORT/
It crawls for --warmup seconds at least (once at least), then once more, as the Java probe does, and prints one
JSON line of that last crawl: pages, bytes, errors, max_in_flight_per_host, seconds (the crawl
alone), first_seconds (the first crawl).
Needs gevent (Debian: python3-gevent).
"""
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402

import gevent  # noqa: E402
import gevent.lock  # noqa: E402
import gevent.queue  # noqa: E402

LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)


def main():
    a = args()
    start = time.perf_counter()
    first = crawl(a)
    while time.perf_counter() - start < a.warmup:
        crawl(a)
    stats = crawl(a)
    stats["first_seconds"] = first["seconds"]
    print(json.dumps(stats))


def args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--per-host", type=int, default=4)
    ap.add_argument("--depth", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--warmup", type=float, default=2)
    ap.add_argument("urls", nargs="+")
    return ap.parse_args()


def crawl(a):
    todo = gevent.queue.JoinableQueue()
    seen = set()
    hosts = {}
    in_flight = {}
    stats = {"pages": 0, "bytes": 0, "errors": 0, "max_in_flight_per_host": 0}

    def fetch(url, depth):
        host = urllib.parse.urlsplit(url).netloc
        with hosts.setdefault(host, gevent.lock.BoundedSemaphore(a.per_host)):
            in_flight[host] = in_flight.get(host, 0) + 1
            stats["max_in_flight_per_host"] = max(stats["max_in_flight_per_host"], in_flight[host])
            try:
                with urllib.request.urlopen(url, timeout=a.timeout) as r:
                    body = r.read()
                    html = "html" in (r.headers.get("Content-Type") or "")
            except Exception:
                stats["errors"] += 1
                return
            finally:
                in_flight[host] -= 1
        stats["pages"] += 1
        stats["bytes"] += len(body)
        if depth < a.depth and html:
            for href in LINK.findall(body.decode("utf-8", "replace")):
                link = urllib.parse.urljoin(url, href.strip())
                if link.startswith(("http://", "https://")) and link not in seen:
                    seen.add(link)
                    todo.put((link, depth + 1))

    def worker():
        while True:
            url, depth = todo.get()
            try:
                fetch(url, depth)
            finally:
                todo.task_done()

    start = time.perf_counter()
    for u in a.urls:
        if u not in seen:
            seen.add(u)
            todo.put((u, 0))
    workers = [gevent.spawn(worker) for _ in range(a.concurrency)]
    todo.join()
    stats["seconds"] = time.perf_counter() - start
    gevent.killall(workers)
    return stats


if __name__ == "__main__":
    main()
