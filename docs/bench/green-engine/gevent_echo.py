#!/usr/bin/env python3
"""A gevent echo server (gevent.server.StreamServer, a greenlet per connection), as a benchmark peer.

Run:  /usr/bin/python3 bench/src/main/resources/org/iomodels/bench/python/gevent_echo.py --port 0
It prints "listening on 127.0.0.1:PORT" when ready and exits 0 on SIGTERM/SIGINT.
Needs gevent (Debian: python3-gevent).
"""
import argparse
import signal
import socket
import sys

import gevent
from gevent.server import StreamServer


def handle(sock, address):
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            sock.sendall(data)  # cooperative: parks this greenlet while the peer is not reading
    except OSError:
        pass
    finally:
        sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    server = StreamServer((args.host, args.port), handle, backlog=1024)
    server.start()
    host, port = server.address[:2]
    print(f"listening on {host}:{port}", flush=True)
    done = gevent.event.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        gevent.signal_handler(sig, done.set)
    done.wait()
    server.stop(timeout=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
