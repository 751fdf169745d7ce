#!/usr/bin/env python3
"""The seeds' Python selectors echo server, made correct, as a benchmark peer.

One thread waits in DefaultSelector.select() (epoll on Linux) for every socket;
a ready listener is accepted, a ready connection is read and its bytes written
back. What send() does not take is kept and the connection is watched for
EVENT_WRITE instead of EVENT_READ until it is flushed, so no byte is lost.

Run:  python3 bench/src/main/resources/org/iomodels/bench/python/selectors_echo.py --port 0
It prints "listening on 127.0.0.1:PORT" when ready and exits 0 on SIGTERM/SIGINT.
"""
import argparse
import selectors
import signal
import socket
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8088)
    args = parser.parse_args()

    sel = selectors.DefaultSelector()
    listener = socket.create_server((args.host, args.port), backlog=1024, reuse_port=False)
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ, None)
    pending = {}  # socket -> bytes not yet sent

    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    host, port = listener.getsockname()[:2]
    print(f"listening on {host}:{port}", flush=True)
    while not stopping:
        try:
            events = sel.select(timeout=0.5)
        except InterruptedError:
            continue
        for key, mask in events:
            sock = key.fileobj
            if sock is listener:
                accept(sel, listener)
            elif mask & selectors.EVENT_WRITE:
                flush(sel, sock, pending)
            else:
                echo(sel, sock, pending)
    sel.close()
    listener.close()
    return 0


def accept(sel, listener):
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            return
        except OSError as e:  # EMFILE and friends: keep serving what we have
            print(f"accept failed: {e}", file=sys.stderr)
            return
        conn.setblocking(False)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sel.register(conn, selectors.EVENT_READ, None)


def echo(sel, sock, pending):
    try:
        data = sock.recv(65536)
    except BlockingIOError:
        return
    except OSError:
        data = b""
    if not data:
        close(sel, sock, pending)
        return
    pending[sock] = data
    flush(sel, sock, pending)


def flush(sel, sock, pending):
    data = pending.get(sock, b"")
    try:
        sent = sock.send(data) if data else 0
    except BlockingIOError:
        sent = 0
    except OSError:
        close(sel, sock, pending)
        return
    rest = data[sent:]
    if rest:
        pending[sock] = rest
        sel.modify(sock, selectors.EVENT_WRITE, None)
    else:
        pending.pop(sock, None)
        if sel.get_key(sock).events != selectors.EVENT_READ:
            sel.modify(sock, selectors.EVENT_READ, None)


def close(sel, sock, pending):
    pending.pop(sock, None)
    sel.unregister(sock)
    sock.close()


if __name__ == "__main__":
    sys.exit(main())
