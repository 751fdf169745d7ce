"""One figure of iomodels' green scenario with greenlet and gevent, printed as 'FIGURE VALUE'.

The same programs as org.iomodels.bench.green.GreenProbe; each figure runs once at a tenth of
its size to warm up, then measured. Usage: green_probe.py switches|spawn|sleep0|queue|memory|sleepers
"""
import sys
import time

import gevent
import gevent.queue
import greenlet

SWITCHES = 2_000_000
GREENLETS = 100_000
YIELDS = 200_000
ROUND_TRIPS = 100_000


def switches(n):
    main = greenlet.getcurrent()

    def partner():
        while True:
            main.switch()

    g = greenlet.greenlet(partner)
    t0 = time.perf_counter()
    for _ in range(n // 2):
        g.switch()
    return n / (time.perf_counter() - t0)


def spawn_join(n):
    t0 = time.perf_counter()
    gevent.joinall([gevent.spawn(lambda i=i: i) for i in range(n)])
    return n / (time.perf_counter() - t0)


def sleep_zero(n):
    def loop():
        for _ in range(n):
            gevent.sleep(0)

    t0 = time.perf_counter()
    gevent.joinall([gevent.spawn(loop), gevent.spawn(loop)])
    return 2.0 * n / (time.perf_counter() - t0)


def queue_round_trips(n):
    ping, pong = gevent.queue.Queue(), gevent.queue.Queue()

    def echo():
        for _ in range(n):
            pong.put(ping.get())

    t0 = time.perf_counter()
    e = gevent.spawn(echo)
    for i in range(n):
        ping.put(i)
        pong.get()
    e.join()
    return n / (time.perf_counter() - t0)


def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def bytes_per_sleeper(n):
    before = rss()
    all_ = [gevent.spawn(gevent.sleep, 30) for _ in range(n)]
    gevent.sleep(0.2)
    after = rss()
    gevent.killall(all_)
    return (after - before) / n


def sleepers_wall(n, sleep):
    t0 = time.perf_counter()
    gevent.joinall([gevent.spawn(gevent.sleep, sleep) for _ in range(n)])
    return time.perf_counter() - t0


def twice(f, n):
    f(max(1, n // 10))
    return f(n)


def main():
    figure = sys.argv[1]
    value = {
        "switches": lambda: twice(switches, SWITCHES),
        "spawn": lambda: twice(spawn_join, GREENLETS),
        "sleep0": lambda: twice(sleep_zero, YIELDS),
        "queue": lambda: twice(queue_round_trips, ROUND_TRIPS),
        "memory": lambda: bytes_per_sleeper(GREENLETS),
        "sleepers": lambda: sleepers_wall(GREENLETS, 0.5),
    }[figure]()
    print(figure, value)


if __name__ == "__main__":
    main()
