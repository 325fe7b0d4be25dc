"""The web pages under load: N concurrent clients on loopback, each on its own keep-alive
connection, asking for one page again and again; every answer's latency is kept.

A small load generator of our own (threads and ``http.client`` from the standard library, so
the harness depends on nothing to install): each client sends its requests one after another, as
a browser tab does, and the clients run at once. The figures are the median and the 95th
percentile of all latencies of a page. Used by ``benchmarks/run.py`` (``make bench``); alone:

    python benchmarks/web_load.py --db sqlite:///tracker.db [--clients 8] [--requests 25]
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CLIENTS = 8
REQUESTS = 25  # per client: 200 answers per page


@dataclass
class PageLoad:
    """The latencies (seconds) of one page under load, and the failures."""

    path: str
    latencies: list[float]
    failures: list[str]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` th percentile (nearest rank, as load tools report it)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceiling
    return ordered[int(rank) - 1]


def _client(base: str, path: str, count: int, out: list[float], failures: list[str]) -> None:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", path)
            answer = connection.getresponse()
            answer.read()
            elapsed = time.perf_counter() - started
            if answer.status != 200:
                failures.append(f"{path}: HTTP {answer.status}")
                continue
            out.append(elapsed)
    except (OSError, http.client.HTTPException) as exc:
        failures.append(f"{path}: {exc!r}")
    finally:
        connection.close()


def load(base: str, path: str, clients: int = CLIENTS, requests: int = REQUESTS) -> PageLoad:
    """``clients`` clients at once, ``requests`` requests each, after one warm-up request."""
    warm: list[float] = []
    failures: list[str] = []
    _client(base, path, 1, warm, failures)  # the first answer computes the figures once
    if failures:
        return PageLoad(path, [], failures)
    latencies: list[float] = []
    threads = [
        threading.Thread(target=_client, args=(base, path, requests, latencies, failures))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return PageLoad(path, latencies, failures)


def a_state(base: str) -> str:
    """A State with reports: the first of the Article 4 denominator (else Chad)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", "/stats/needs?format=json")
        answer = connection.getresponse()
        body = answer.read()
    finally:
        connection.close()
    if answer.status != 200:
        return "TCD"
    stats = json.loads(body)
    for statistic in stats["statistics"]:
        if statistic["denominator_states"]:
            return str(statistic["denominator_states"][0])
    return "TCD"


def pages(base: str) -> list[str]:
    """The pages of the target: the dashboard, the statistics, a State's page."""
    return ["/", "/stats/needs", f"/states/{a_state(base)}"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the store (no web user: local mode)")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.run import serving

    with serving(args.db) as base:
        for path in pages(base):
            result = load(base, path, args.clients, args.requests)
            if result.failures:
                print(f"{path}: {len(result.failures)} failures, first: {result.failures[0]}")
                continue
            print(
                f"{path}: median {1000 * result.median:.1f} ms, p95 {1000 * result.p95:.1f} ms "
                f"({len(result.latencies)} answers, {args.clients} clients)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
