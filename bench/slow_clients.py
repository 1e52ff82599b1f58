"""Slow clients against a running server: does a normal request stay fast while N connections send their request
headers (or bodies) a byte at a time?

    python bench/slow_clients.py --url http://127.0.0.1:8000 [--connections 4 50] [--seconds 60] [--mode header]

Prints, for each count, the median latency of a normal GET during the attack beside the baseline measured before it,
and their ratio (the target: under 2). `make bench-slow-clients` runs it against `make run`'s server setup.
"""

import argparse
import asyncio
import json
import statistics
import threading
import time
import urllib.request
from urllib.parse import urlsplit

PROBE_PATH = "/api/v1/meetings/?limit=20"


async def _slow_connection(host, port, mode, stop):
    """One connection that never finishes its request; reopened whenever the server drops it."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            await asyncio.sleep(0.2)
            continue
        try:
            if mode == "header":
                writer.write(b"GET /api/v1/meetings/ HTTP/1.1\r\nHost: x\r\n")
            else:
                writer.write(b"POST /api/v1/meetings/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
                writer.write(b"Content-Length: 100000\r\n\r\n")
            while not stop.is_set():
                writer.write(b"X-Slow: a\r\n"[:1] if mode == "header" else b" ")
                await writer.drain()
                try:
                    if await asyncio.wait_for(reader.read(1024), timeout=1) == b"":
                        break  # the server closed it: open another
                except TimeoutError:
                    pass
        except OSError:
            pass
        finally:
            writer.close()


def slow_clients(url, count, mode="header"):
    """A context manager: `count` slow connections to the server at `url` while the block runs."""
    parts = urlsplit(url)
    stop = threading.Event()

    async def run():
        await asyncio.gather(*(_slow_connection(parts.hostname, parts.port, mode, stop) for _ in range(count)))

    class Attack:
        def __enter__(self):
            self.thread = threading.Thread(target=asyncio.run, args=(run(),), daemon=True)
            self.thread.start()
            time.sleep(1)  # let the connections open
            return self

        def __exit__(self, *exc):
            stop.set()
            self.thread.join(timeout=10)

    return Attack()


def latencies(url, seconds, timeout=10):
    """Milliseconds of each normal GET made one after another for `seconds` (None for a failure)."""
    results, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url + PROBE_PATH, timeout=timeout) as response:
                response.read()
            results.append((time.monotonic() - started) * 1000)
        except OSError:
            results.append(None)
        time.sleep(0.05)
    return results


def measure(url, counts, seconds, mode):
    baseline = statistics.median(latency for latency in latencies(url, min(seconds, 10)) if latency is not None)
    rows = []
    for count in counts:
        with slow_clients(url, count, mode):
            during = latencies(url, seconds)
        answered = [latency for latency in during if latency is not None]
        median = statistics.median(answered) if answered else None
        rows.append(
            {
                "mode": mode,
                "connections": count,
                "baseline_ms": round(baseline, 1),
                "median_ms": None if median is None else round(median, 1),
                "ratio": None if median is None else round(median / baseline, 2),
                "failed": len(during) - len(answered),
                "requests": len(during),
            }
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--connections", type=int, nargs="+", default=[4, 50])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--mode", choices=["header", "body"], nargs="+", default=["header", "body"])
    arguments = parser.parse_args()
    for mode in arguments.mode:
        for row in measure(arguments.url, arguments.connections, arguments.seconds, mode):
            print(json.dumps(row))


if __name__ == "__main__":
    main()
