"""In-process half of the benchmark, in a process of its own per database (Django is set up once per process):
each request through Django's test client beside the floor's WSGI callable, interleaved, `--runs` times; prints the
medians in milliseconds as JSON. Run by bench/run.py, which sets DATABASE_URL and the server's environment."""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def floor_call(application, path):
    path_info, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "HTTP_HOST": HOST,
        "SERVER_NAME": HOST,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
    }
    return b"".join(application(environ, lambda status, headers: None))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    arguments = parser.parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventapi.settings")
    from django.db import connection
    from django.test import Client

    import eventapi.wsgi  # noqa: F401  (set up as the served process is: the collector's settings included)
    from bench import floor
    from bench.workload import benchmark_requests

    client = Client(HTTP_HOST=HOST)
    with connection.cursor() as cursor:
        requests = benchmark_requests(cursor)
    results = {}
    for name, path in requests:
        api_body, floor_body = client.get(path).content, floor_call(floor.application, path)  # warm both
        if api_body != floor_body:
            raise SystemExit(f"{name}: the floor's bytes differ from the API's ({path})")
        timings = {"api": [], "floor": []}
        for run in range(arguments.runs):
            order = ("api", "floor") if run % 2 == 0 else ("floor", "api")
            for side in order:
                started = time.perf_counter()
                client.get(path) if side == "api" else floor_call(floor.application, path)
                timings[side].append((time.perf_counter() - started) * 1000)
        results[name] = {"path": path, **{side: statistics.median(values) for side, values in timings.items()}}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
