#!/usr/bin/env python3
"""An asyncio echo server (streams API, the default event loop), as a benchmark peer.

Run:  python3 bench/src/main/resources/org/iomodels/bench/python/asyncio_echo.py --port 0
It prints "listening on 127.0.0.1:PORT" when ready and exits 0 on SIGTERM/SIGINT.
"""
import argparse
import asyncio
import signal
import socket
import sys


async def handle(reader, writer):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()  # backpressure: wait while the peer is not reading
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def serve(host, port):
    server = await asyncio.start_server(handle, host, port, backlog=1024)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    bound = server.sockets[0].getsockname()
    print(f"listening on {bound[0]}:{bound[1]}", flush=True)
    async with server:
        await stop.wait()
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8088)
    args = parser.parse_args()
    return asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    sys.exit(main())
