#!/usr/bin/env python
"""Where a page's time goes: each benchmarked page and API list requested in-process (Django's test client,
the full middleware stack, no network), with the cache emptied before every request ("cold": what the first
request after a write costs) and kept ("warm"), and a cProfile of the catalogue both ways.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench_national CACHE_URL=redis://127.0.0.1:6379/4 \\
        PYTHONPATH=src:. \\
        python bench/profile_pages.py [--requests 40] > bench/results/profile-national.txt

Run by hand on a benchmark database; bench/README.md ("Profile") quotes a run.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.config.settings.base")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    import run  # bench/run.py: picks the same pages and people as the benchmark

    found = run.probe()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from academy.people.models import User

    out = io.StringIO()
    clients = {}
    for who, creds in found["credentials"].items():
        client = Client()
        client.cookies["sessionid"] = creds["cookie"]
        clients[who] = client
    del User
    out.write(
        f"{'page':<36} {'cold ms':>8} {'warm ms':>8} {'cold q':>7} {'warm q':>7}  (median of {args.requests})\n"
    )
    for name, (who, path) in found["pages"].items():
        if path.startswith("/api/"):
            token = found["credentials"][who]["token"]
            client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT="application/json")
        else:
            client = clients[who]
        timings = {}
        queries = {}
        for mode in ("cold", "warm"):
            samples = []
            for _ in range(args.requests):
                if mode == "cold":
                    cache.clear()
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                samples.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
            samples.sort()
            timings[mode] = samples[len(samples) // 2] * 1000
            queries[mode] = len(captured)
        out.write(
            f"{name:<36} {timings['cold']:>8.1f} {timings['warm']:>8.1f} {queries['cold']:>7} {queries['warm']:>7}\n"
        )
    who, path = found["pages"]["catalogue"]
    for mode in ("cold", "warm"):
        profile = cProfile.Profile()
        client = clients[who]
        client.get(path)
        for _ in range(args.requests):
            if mode == "cold":
                cache.clear()
            profile.enable()
            client.get(path)
            profile.disable()
        out.write(f"\n--- catalogue ({path}), {mode}, {args.requests} requests, by cumulative time ---\n")
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(25)
    print(out.getvalue())


if __name__ == "__main__":
    main()
