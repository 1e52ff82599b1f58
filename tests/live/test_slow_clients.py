"""Slow clients cannot starve the server: while 50 connections send their request headers a byte at a time, a
normal request is as fast as before (`bench/slow_clients.py` measures the same for 60 s; see the README)."""

import statistics

from bench.slow_clients import latencies, slow_clients


def test_fifty_slow_header_connections_do_not_slow_a_normal_request(live_server_process):
    url = live_server_process.url
    baseline = statistics.median(latencies(url, 3))

    with slow_clients(url, 50, mode="header"):
        during = latencies(url, 6)

    assert None not in during
    # Under 2x the baseline; the 20 ms absorb the noise of a busy CI machine at these few-millisecond latencies.
    assert statistics.median(during) < 2 * baseline + 20, (baseline, statistics.median(during))
