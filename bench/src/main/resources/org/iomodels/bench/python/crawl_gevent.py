#!/usr/bin/env python3
"""The seeds' crawler grown up, as a benchmark peer: gevent + urllib after monkey.patch_all().

The main greenlet keeps a queue per host and starts a greenlet per fetch, at most --concurrency
in all and --per-host to one host, hosts taking turns (what the Java crawler's frontier does, so
neither waits on a busy host while another is free); each fetch queues its page's href/src links,
each URL once, up to --depth hops.
Run:  /usr/bin/python3 crawl_gevent.py --concurrency 16 --per-host 4 --depth 1 http://127.0.0.1:PORT/
It crawls for --warmup seconds at least (once at least), then once more, as the Java probe does,
and prints one JSON line of that last crawl: pages, bytes, errors, max_in_flight_per_host, seconds
(the crawl alone), first_seconds (the first crawl).
Needs gevent (Debian: python3-gevent).
"""
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import collections  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402

import gevent  # noqa: E402
import gevent.event  # noqa: E402

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
    queues = collections.OrderedDict()  # host -> deque of (url, depth), hosts in turn order
    in_flight = collections.Counter()
    seen = set()
    stats = {"pages": 0, "bytes": 0, "errors": 0, "max_in_flight_per_host": 0}
    done = gevent.event.Event()
    total = [0]

    def admit(url, depth):
        if url not in seen:
            seen.add(url)
            queues.setdefault(urllib.parse.urlsplit(url).netloc, collections.deque()).append((url, depth))

    def fetch(url, depth, host):
        try:
            with urllib.request.urlopen(url, timeout=a.timeout) as r:
                body = r.read()
                html = "html" in (r.headers.get("Content-Type") or "")
            stats["pages"] += 1
            stats["bytes"] += len(body)
            if depth < a.depth and html:
                for href in LINK.findall(body.decode("utf-8", "replace")):
                    link = urllib.parse.urljoin(url, href.strip())
                    if link.startswith(("http://", "https://")):
                        admit(link, depth + 1)
        except Exception:
            stats["errors"] += 1
        finally:
            in_flight[host] -= 1
            total[0] -= 1
            done.set()

    start = time.perf_counter()
    for u in a.urls:
        admit(u, 0)
    while True:
        started = True
        while started and total[0] < a.concurrency:
            started = False
            for host, q in list(queues.items()):
                if q and in_flight[host] < a.per_host and total[0] < a.concurrency:
                    url, depth = q.popleft()
                    in_flight[host] += 1
                    total[0] += 1
                    stats["max_in_flight_per_host"] = max(stats["max_in_flight_per_host"], in_flight[host])
                    queues.move_to_end(host)  # to the back of the turn order
                    gevent.spawn(fetch, url, depth, host)
                    started = True
        if total[0] == 0 and not any(queues.values()):
            break
        done.clear()  # no other greenlet ran since the last look: nothing can be missed
        done.wait()
    stats["seconds"] = time.perf_counter() - start
    return stats


if __name__ == "__main__":
    main()
