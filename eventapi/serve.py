"""How the service is served, in one place: `make run`, the live tests and the benchmark all start it this way.

    python -m eventapi.serve [--host 127.0.0.1] [--port 8000]

Granian serves the WSGI application: its connections are handled by an asynchronous Rust runtime, so a client that
sends its request slowly holds a socket, not a worker thread, and one that takes longer than
`SERVE_HEADER_TIMEOUT_MS` to send its headers is dropped. Requests run in `SERVE_THREADS` threads in each of
`SERVE_WORKERS` processes. See the README ("Serving") for the measurements behind this choice.
"""

import argparse
import os
import sys


def command(host, port):
    return [
        sys.executable, "-m", "granian",
        "--interface", "wsgi",
        "--host", host,
        "--port", str(port),
        "--workers", os.environ.get("SERVE_WORKERS", "2"),
        "--blocking-threads", os.environ.get("SERVE_THREADS", "32"),
        "--http1-header-read-timeout", os.environ.get("SERVE_HEADER_TIMEOUT_MS", "5000"),
        "--no-ws",
        "--log-level", "warning",
        "eventapi.wsgi:application",
    ]  # fmt: skip


def environment(base):
    """The server's environment: `base`, with glibc's malloc held to two arenas unless `base` says otherwise. glibc
    gives threads that allocate at once arenas of their own (up to 8 per core) and seldom returns their memory: with
    32 threads, a worker grew by hundreds of MB under load and kept it."""
    return {"MALLOC_ARENA_MAX": "2", **base}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    arguments = parser.parse_args()
    argv = command(arguments.host, arguments.port)
    os.execve(argv[0], argv, environment(os.environ))


if __name__ == "__main__":
    main()
