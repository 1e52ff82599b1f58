"""How the service is served, in one place: `make run`, the live tests and the benchmark all start it this way.

    python -m eventapi.serve [--host 127.0.0.1] [--port 8000]

See the README ("Serving") for why this server and these settings.
"""

import argparse
import os
import sys


def command(host, port):
    workers = os.environ.get("SERVE_WORKERS", "2")
    threads = os.environ.get("SERVE_THREADS", "8")
    return [
        sys.executable, "-m", "gunicorn", "eventapi.wsgi",
        "--bind", f"{host}:{port}",
        "--workers", workers,
        "--worker-class", "gthread",
        "--threads", threads,
    ]  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    arguments = parser.parse_args()
    argv = command(arguments.host, arguments.port)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
