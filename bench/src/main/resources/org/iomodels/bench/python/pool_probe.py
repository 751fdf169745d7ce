#!/usr/bin/env python3
"""One figure of bench --scenario pool in CPython's multiprocessing.Pool, as PoolProbe does it.

On a Pool(2), each the median of 5 runs after 2 s (at least 3 runs) of the same to warm up: map (200,000 tasks x * x,
default chunks), map1 (20,000, chunksize 1), apply (20,000 apply_async, then every result), cpu
(the time of a CPU-bound map of 16 tasks on one worker over its time on two), manager (20,000 sets
of a Manager's dict from this process, sets/s).
Run:  /usr/bin/python3 pool_probe.py FIGURE [spawn]   Prints "FIGURE VALUE".
"""
import multiprocessing as mp
import statistics
import sys
import time

WORKERS = 2


def square(x):
    return x * x


def burn(seed):
    """About 0.1 s of arithmetic here."""
    x = seed + 1
    for _ in range(1_200_000):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
    return x


def timed(ctx, n, run):
    with ctx.Pool(WORKERS) as pool:
        warm = time.perf_counter() + 2.0
        i = 0
        while i < 3 or time.perf_counter() < warm:
            run(pool, n)
            i += 1
        rates = []
        for _ in range(5):
            t0 = time.perf_counter()
            run(pool, n)
            rates.append(n / (time.perf_counter() - t0))
        return statistics.median(rates)


def manager_sets(ctx, n):
    with ctx.Manager() as m:
        d = m.dict()

        def sets():
            for i in range(n):
                d[i] = i
        warm = time.perf_counter() + 2.0
        i = 0
        while i < 3 or time.perf_counter() < warm:
            sets()
            i += 1
        rates = []
        for _ in range(5):
            t0 = time.perf_counter()
            sets()
            rates.append(n / (time.perf_counter() - t0))
        return statistics.median(rates)


def apply_all(pool, n):
    results = [pool.apply_async(square, (i,)) for i in range(n)]
    for r in results:
        r.get()


def cpu_seconds(ctx, workers):
    with ctx.Pool(workers) as pool:
        pool.map(burn, range(workers * 2), 1)
        t0 = time.perf_counter()
        pool.map(burn, range(16), 1)
        return time.perf_counter() - t0


if __name__ == "__main__":
    figure = sys.argv[1]
    ctx = mp.get_context(sys.argv[2] if len(sys.argv) > 2 else "spawn")
    result = {
        "map": lambda: timed(ctx, 200_000, lambda pool, n: pool.map(square, range(n))),
        "map1": lambda: timed(ctx, 20_000, lambda pool, n: pool.map(square, range(n), 1)),
        "apply": lambda: timed(ctx, 20_000, apply_all),
        "cpu": lambda: cpu_seconds(ctx, 1) / cpu_seconds(ctx, WORKERS),
        "manager": lambda: manager_sets(ctx, 20_000),
    }[figure]()
    print(figure, result)
