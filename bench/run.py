"""`make bench`: the API beside its floor (bench/floor.py) at S1 and S2, in-process and over HTTP; writes RESULTS.md.

For each scale, on a PostgreSQL database of its own (generated once with `generate_synthetic`, then reused):
  1. the API served as `make run` serves it (eventapi/serve.py: granian, same workers and threads, DEBUG off) and the
     floor under the same command; rate limits are counted in Redis at rates no client reaches, by both;
  2. every benchmark request (bench/workload.py) must get the same bytes from both, or the run stops;
  3. in-process: Django's test client against the floor's WSGI callable, interleaved, medians (bench/inprocess.py);
  4. over HTTP: wrk at a fixed concurrency, API and floor in turn, requests/s, p50 and p99; worker RSS before and
     after;
  5. the exports and aggregates, API only (they have no floor): time, size and worker RSS before and after;
  6. the write path: a meeting and 10 participations through the API with a token, beside the floor's INSERTs.

    python bench/run.py [--quick] [--scales s1 s2] [--runs 15] [--seconds 20] [--connections 8]
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psycopg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.workload import benchmark_requests, export_and_analytics_requests  # noqa: E402
from eventapi import serve  # noqa: E402

PYTHON = sys.executable
SCALES = {"s1": 10_000, "s2": 100_000}
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
TARGET = 1.5
HOST = "127.0.0.1"
NO_LIMIT = "1000000000/min"  # counted like a real limit, never reached


def database_url(scale):
    return f"{SERVER}/eventapi_bench_{scale}"


def server_env(scale):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}}
    env.update(
        DATABASE_URL=database_url(scale),
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=f"bench-{scale}",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-" + uuid.uuid4().hex,
        THROTTLE_ANON=NO_LIMIT,
        THROTTLE_USER=NO_LIMIT,
        THROTTLE_WRITE=NO_LIMIT,
        LOG_LEVEL="ERROR",
        # A loaded machine must not turn a slow request into a 503: the run compares speeds, it does not enforce them.
        DATABASE_STATEMENT_TIMEOUT="120000",
        PYTHONPATH=str(REPO),
    )
    return env


def manage(scale, *args, capture=False):
    env = server_env(scale) | {"DEBUG": "1", "DATABASE_STATEMENT_TIMEOUT": "3600000"}  # migrations, generation
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=capture, text=True
    )
    return done.stdout


def prepare(scale):
    """Creates, migrates and fills the scale's database unless it holds its meetings already."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (f"eventapi_bench_{scale}",)).fetchone():
            conn.execute(f"CREATE DATABASE eventapi_bench_{scale}")
    manage(scale, "migrate", "--no-input", "-v", "0")
    manage(scale, "collectstatic", "--no-input", "-v", "0")  # as `make run` does: pages (the browsable API) need it
    with psycopg.connect(database_url(scale)) as conn:
        meetings = conn.execute("SELECT COUNT(*) FROM events_meeting").fetchone()[0]
    if meetings < SCALES[scale]:
        print(f"{scale}: generating {SCALES[scale]} meetings (once; later runs reuse them)", flush=True)
        manage(scale, "import_events", "events/data/organizations.yaml")
        manage(scale, "generate_synthetic", "--meetings", str(SCALES[scale]), "--seed", "1")
    return manage(scale, "issue_token", "bench", "--create", "--grant-write", capture=True).strip().splitlines()[-1]


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """`make run`'s server command (eventapi/serve.py), serving the API or, with `app`, the floor."""

    def __init__(self, scale, app=None):
        self.port = free_port()
        command = serve.command(HOST, self.port)
        if app:
            command[-1] = app
        self.log = tempfile.TemporaryFile()  # the API's access log: writing it is part of its work, not of the report
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=serve.environment(server_env(scale)),
            start_new_session=True,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://{HOST}:{self.port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/api/v1/nations/?limit=1", timeout=30)
                return
            except httpx.TransportError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"the server did not start: {command}")

    def workers_rss_mb(self):
        """Resident memory of the server's worker processes (its children), in MB."""
        children = subprocess.run(
            ["ps", "-o", "pid=,rss=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        return [round(int(rss) / 1024, 1) for rss in children[1::2]]

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def wrk(url, seconds, connections, token=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Host: {HOST}", url]
    if token:
        command[1:1] = ["-H", f"Authorization: Token {token}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)\s*$", output, re.MULTILINE))
    if not latency:
        raise SystemExit(f"wrk completed no request in {seconds} s on {url}:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def milliseconds(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def check_bytes(api, floor, requests):
    for name, path in requests:
        headers = {"Host": HOST}
        mine = httpx.get(api.url + path, headers=headers, timeout=300)
        theirs = httpx.get(floor.url + path, headers=headers, timeout=300)
        if mine.status_code != 200 or mine.content != theirs.content:
            raise SystemExit(f"{name}: the floor's bytes differ from the API's over HTTP ({path})")


def write_path(server, token, rounds):
    """Seconds for one meeting and its 10 participations, as 11 POSTs with a token; median of `rounds`."""
    headers = {"Host": HOST, "Authorization": f"Token {token}"}
    codes = ["FR", "DE", "GB", "IT", "PL", "ES", "NL", "SE", "NO", "DK"]
    timings = []
    with httpx.Client(base_url=server.url, headers=headers, timeout=120) as client:
        for _ in range(rounds):
            slug = f"bench-write-{uuid.uuid4().hex[:12]}"
            started = time.perf_counter()
            meeting = {"title": "Benchmark write", "slug": slug, "start_date": "1901-01-01"}
            response = client.post("/api/v1/meetings/", json=meeting)
            assert response.status_code == 201, response.text
            for code in codes:
                participation = {"meeting": slug, "nation": code, "role": "participant", "status": "invited"}
                response = client.post("/api/v1/participations/", json=participation)
                assert response.status_code == 201, response.text
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def exports_and_analytics(server, requests, rounds):
    """Each export or aggregate over HTTP, one request at a time: median seconds of `rounds`, its size, and the
    largest worker's RSS before and after (an export streams: the RSS must not follow its size)."""
    results = {}
    with httpx.Client(base_url=server.url, headers={"Host": HOST}, timeout=1800) as client:
        for name, path in requests:
            print(f"  {name}", flush=True)
            before, timings = max(server.workers_rss_mb()), []
            for _ in range(rounds):
                started, size = time.perf_counter(), 0
                with client.stream("GET", path) as response:
                    if response.status_code != 200:
                        raise SystemExit(f"{name}: {response.status_code} for {path}")
                    for chunk in response.iter_raw():
                        size += len(chunk)
                timings.append(time.perf_counter() - started)
            results[name] = {
                "path": path,
                "seconds": statistics.median(timings),
                "megabytes": size / 1e6,
                "rss": (before, max(server.workers_rss_mb())),
            }
    return results


def remove_written(scale):
    with psycopg.connect(database_url(scale)) as conn:
        written = "SELECT id FROM events_meeting WHERE slug LIKE 'bench-write-%'"
        conn.execute(f"DELETE FROM events_participation WHERE meeting_id IN ({written})")
        conn.execute("DELETE FROM events_meeting WHERE slug LIKE 'bench-write-%'")


def measure(scale, arguments):
    token = prepare(scale)
    remove_written(scale)
    with psycopg.connect(database_url(scale)) as conn, conn.cursor() as cursor:
        requests = benchmark_requests(cursor)
        others = export_and_analytics_requests(cursor)
    print(f"{scale}: in-process, {arguments.runs} runs", flush=True)
    done = subprocess.run(
        [PYTHON, "bench/inprocess.py", "--runs", str(arguments.runs)],
        cwd=REPO,
        env=server_env(scale),
        capture_output=True,  # stderr: the API's access log
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"bench/inprocess.py failed:\n{done.stderr[-3000:]}")
    inprocess = json.loads(done.stdout)
    api, floor = Server(scale), Server(scale, app="bench.floor:application")
    try:
        check_bytes(api, floor, requests)
        rss = {"api before": api.workers_rss_mb(), "floor before": floor.workers_rss_mb()}
        http = {}
        for name, path in requests:
            print(f"{scale}: wrk {name}", flush=True)
            http[name] = {
                "api": wrk(api.url + path, arguments.seconds, arguments.connections),
                "floor": wrk(floor.url + path, arguments.seconds, arguments.connections),
            }
        http["meeting detail (token)"] = {
            side: wrk(server.url + dict(requests)["meeting detail"], arguments.seconds, arguments.connections, token)
            for side, server in (("api", api), ("floor", floor))
        }
        rss |= {"api after": api.workers_rss_mb(), "floor after": floor.workers_rss_mb()}
        print(f"{scale}: exports and aggregates", flush=True)
        exports = exports_and_analytics(api, others, arguments.export_rounds)
        print(f"{scale}: write path", flush=True)
        writes = {"api": write_path(api, token, arguments.write_rounds)}
        writes["floor"] = write_path(floor, token, arguments.write_rounds)
    finally:
        api.stop()
        floor.stop()
        remove_written(scale)
    return {"in-process": inprocess, "http": http, "rss": rss, "writes": writes, "exports": exports}


def machine():
    def first(path, prefix):
        lines = Path(path).read_text().splitlines()
        return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), "?")

    cpu, memory = first("/proc/cpuinfo", "model name"), first("/proc/meminfo", "MemTotal").split()[0]
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), {int(memory) // 1024} MB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, {postgres}; load average at the start "
        f"{' '.join(f'{value:.1f}' for value in os.getloadavg())}"
    )


def verdict(ratio, target=TARGET, at_least=False):
    return "met" if (ratio >= target if at_least else ratio <= target) else "**missed**"


def report(results, arguments, started):
    lines = [
        "# Benchmark: the API beside its floor",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}` "
        "(`make bench`; `--quick` for S1 only and fewer runs).",
        "",
        f"Machine: {machine()}.",
        "",
        "The floor (bench/floor.py) answers each request with the API's exact bytes (checked before timing), doing the "
        "per-request work the API must do: token lookup, the rate-limit counter in Redis, the ETag. Both are served by "
        "`make run`'s command (eventapi/serve.py), on the same database. Ratios are API / floor (lower is better, "
        f"target ≤ {TARGET}×); throughput is API / floor (target ≥ 0.5). The machine is shared: ratios matter, not "
        "milliseconds.",
        "",
    ]
    for scale, result in results.items():
        lines += [
            f"## {scale.upper()}: {SCALES[scale]:,} meetings",
            "",
            f"### In-process (medians of {arguments.runs} interleaved runs)",
            "",
            "| request | API ms | floor ms | API / floor | target 1.5× |",
            "|---|---:|---:|---:|---|",
        ]
        for row in result["in-process"].values():
            ratio = row["api"] / row["floor"]
            lines.append(
                f"| `{row['path']}` | {row['api']:.1f} | {row['floor']:.1f} | {ratio:.1f}× | {verdict(ratio)} |"
            )
        lines += [
            "",
            f"### Over HTTP (wrk, {arguments.connections} connections, {arguments.seconds} s each, API then floor)",
            "",
            "| request | API req/s | floor req/s | throughput API / floor | API p50 / p99 ms | floor p50 / p99 ms "
            "| p50 ratio | p99 ratio |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, row in result["http"].items():
            api, floor = row["api"], row["floor"]
            share = api["rps"] / floor["rps"]
            errors = f" ({api['errors']} non-2xx)" if api["errors"] else ""
            lines.append(
                f"| {name}{errors} | {api['rps']:.0f} | {floor['rps']:.0f} | {share:.2f} "
                f"({verdict(share, 0.5, at_least=True)}) | {api['p50']:.0f} / {api['p99']:.0f} | "
                f"{floor['p50']:.0f} / {floor['p99']:.0f} | {api['p50'] / floor['p50']:.1f}× | "
                f"{api['p99'] / floor['p99']:.1f}× |"
            )
        writes, rss = result["writes"], result["rss"]
        lines += [
            "",
            f"Write path (a meeting and 10 participations, 11 POSTs with a token, median of {arguments.write_rounds}): "
            f"API {writes['api']:.0f} ms, floor {writes['floor']:.0f} ms, {writes['api'] / writes['floor']:.1f}×.",
            "",
            "Worker RSS (MB, each worker) before → after the HTTP runs: "
            f"API {rss['api before']} → {rss['api after']}, floor {rss['floor before']} → {rss['floor after']}.",
            "",
            f"### Exports and aggregates (API only, one request at a time, median of {arguments.export_rounds})",
            "",
            "| request | seconds | MB sent | largest worker RSS before → after, MB |",
            "|---|---:|---:|---|",
        ]
        for row in result["exports"].values():
            before, after = row["rss"]
            lines.append(f"| `{row['path']}` | {row['seconds']:.2f} | {row['megabytes']:.1f} | {before} → {after} |")
        lines.append("")
    if {"s1", "s2"} <= results.keys():
        lines += [
            "## Cost follows the page, not the table (API in-process, S2 / S1, target ≤ 1.5×)",
            "",
            "| request | S1 ms | S2 ms | S2 / S1 |",
            "|---|---:|---:|---:|",
        ]
        for name, row in results["s1"]["in-process"].items():
            s2 = results["s2"]["in-process"][name]["api"]
            ratio = s2 / row["api"]
            lines.append(f"| {name} | {row['api']:.1f} | {s2:.1f} | {ratio:.1f}× ({verdict(ratio)}) |")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="S1 only (unless --scales), 5 runs, 5 s per wrk run")
    parser.add_argument("--scales", nargs="+", choices=SCALES, help="default: s1 s2 (--quick: s1)")
    parser.add_argument("--runs", type=int, default=15, help="in-process runs per request (default 15)")
    parser.add_argument("--seconds", type=int, default=20, help="seconds per wrk run (default 20)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--write-rounds", type=int, default=10, help="write-path rounds (default 10)")
    parser.add_argument("--export-rounds", type=int, default=3, help="rounds per export or aggregate (default 3)")
    parser.add_argument("--output", type=Path, default=REPO / "bench/RESULTS.md")
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.scales = arguments.scales or ["s1"]
        arguments.runs, arguments.seconds, arguments.write_rounds, arguments.export_rounds = 5, 5, 3, 1
    arguments.scales = arguments.scales or list(SCALES)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian: apt-get install wrk)")
    started = datetime.datetime.now(datetime.UTC)
    results = {scale: measure(scale, arguments) for scale in arguments.scales}
    arguments.output.write_text(report(results, arguments, started))
    print(f"wrote {arguments.output}")


if __name__ == "__main__":
    main()
