#!/usr/bin/env python3
"""One figure of bench --scenario processes in CPython's multiprocessing, as ProcessProbe does it.

The lock and value figures: the parent and a child loop at once for one second.
Run:  /usr/bin/python3 mp_probe.py FIGURE [METHOD]   (figures: start, pipe, queue, lock, value;
METHOD for start: spawn, forkserver or fork; the others use spawn). Prints "FIGURE VALUE".
"""
import multiprocessing as mp
import statistics
import sys
import time

SECONDS = 1.0


def hello(c):
    c.send("hi")


def echo(c):
    while True:
        c.send_bytes(c.recv_bytes())


def produce(q, k):
    for i in range(k + 1):
        q.put(i)


def work(lock, value, until):
    """Pairs made from SECONDS before the shared wall-clock time until, to it."""
    while time.time() < until - SECONDS:
        pass
    n = 0
    while n % 1024 != 0 or time.time() < until:
        lock.acquire()
        if value is not None:
            value.value += 1
        lock.release()
        n += 1
    return n


def together_child(lock, value, ready, go):
    ready.put("ready")
    until = go.get()
    ready.put(work(lock, value, until))


def start(ctx):
    ms = []
    for _ in range(7):
        a, b = ctx.Pipe()
        t0 = time.perf_counter()
        p = ctx.Process(target=hello, args=(b,))
        p.start()
        a.recv()
        ms.append((time.perf_counter() - t0) * 1000)
        p.join()
    return statistics.median(ms)


def pipe(ctx):
    a, b = ctx.Pipe()
    p = ctx.Process(target=echo, args=(b,), daemon=True)
    p.start()
    m = b"x" * 16
    for _ in range(20_000):
        a.send_bytes(m)
        a.recv_bytes()
    n = 50_000
    t0 = time.perf_counter()
    for _ in range(n):
        a.send_bytes(m)
        a.recv_bytes()
    us = (time.perf_counter() - t0) * 1e6 / n
    p.kill()
    return us


def queue(ctx):
    q = ctx.Queue()
    n = 500_000
    p = ctx.Process(target=produce, args=(q, n), daemon=True)
    p.start()
    q.get()
    t0 = time.perf_counter()
    for _ in range(n):
        q.get()
    rate = n / (time.perf_counter() - t0)
    p.join()
    return rate


def together(ctx, with_value):
    value = ctx.Value("q", 0) if with_value else None
    lock = value.get_lock() if with_value else ctx.Lock()
    ready, go = ctx.Queue(), ctx.Queue()
    p = ctx.Process(target=together_child, args=(lock, value, ready, go), daemon=True)
    p.start()
    ready.get()
    until = time.time() + 0.2 + SECONDS  # both start in 0.2 s, and stop together
    go.put(until)
    mine = work(lock, value, until)
    theirs = ready.get()
    p.join()
    if with_value and value.value != mine + theirs:
        raise RuntimeError("lost increments: %d of %d" % (value.value, mine + theirs))
    return (mine + theirs) / SECONDS


if __name__ == "__main__":
    figure = sys.argv[1]
    ctx = mp.get_context(sys.argv[2] if len(sys.argv) > 2 else "spawn")
    result = {"start": lambda: start(ctx), "pipe": lambda: pipe(ctx), "queue": lambda: queue(ctx),
              "lock": lambda: together(ctx, False), "value": lambda: together(ctx, True)}[figure]()
    print(figure, result)
