"""Benchmark: the matching engine on issue 12's instance, Academy and greedy side by side in the same run.

10,000 requests x 2,000 practitioners with 5 places each (capacity exactly equals demand), 50 distinct random
eligible candidates per requester with fit uniform in (0, 1], and 1% of candidate pairs forbidden by reporting
lines, all drawn from one seed. Each solver runs in a subprocess of its own, so that its peak memory (max RSS)
is its own; building the instance is not timed, everything from validation to the proof is (for Academy:
the optimal matching, shortlists of three, explanations, reasons for anyone unmatched and the re-check).

    .venv/bin/python bench/matching_bench.py [--seed 12] [--requesters 10000] [--practitioners 2000]

Writes bench/results/matching.json and the instance in openreview-matcher's input format to
bench/results/matching/ (scores.csv, constraints.csv, max_papers.csv; not committed: about 14 MB).
Not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from academy.matching import IN_CHAIN, Problem, greedy, solve, write_openreview_csv  # noqa: E402
from academy.matching.certify import optimum  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def instance(seed: int, n_requesters: int, n_practitioners: int, capacity: int, candidates: int) -> Problem:
    import numpy as np

    rng = np.random.default_rng(seed)
    requesters = np.arange(1, n_requesters + 1)
    practitioners = np.arange(100_001, 100_001 + n_practitioners)
    # 50 distinct practitioners per requester: the 50 smallest of a row of random keys, 500 rows at a time so
    # that generating the instance does not dominate the peak memory measured
    chosen = np.concatenate(
        [
            np.argpartition(
                rng.random((min(500, n_requesters - start), n_practitioners)), candidates, axis=1
            )[:, :candidates]
            for start in range(0, n_requesters, 500)
        ]
    )
    fit = 1.0 - rng.random((n_requesters, candidates))  # uniform in (0, 1]
    forbidden = rng.random((n_requesters, candidates)) < 0.01
    rows = np.repeat(requesters, candidates).tolist()
    cols = practitioners[chosen].ravel().tolist()
    pairs = list(zip(rows, cols, strict=True))
    return Problem(
        requesters=tuple(requesters.tolist()),
        capacity=dict.fromkeys(practitioners.tolist(), capacity),
        scores=dict(zip(pairs, fit.ravel().tolist(), strict=True)),
        forbidden={pair: IN_CHAIN for pair, no in zip(pairs, forbidden.ravel().tolist(), strict=True) if no},
        shortlist_size=3,
    )


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_check(args: argparse.Namespace) -> dict:
    problem = instance(args.seed, args.requesters, args.practitioners, args.capacity, args.candidates)
    started = time.perf_counter()
    best = optimum(problem)
    return {
        "solver": "check",
        "seconds": round(time.perf_counter() - started, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "matched": best.matched,
        "fit_millionths": best.fit_millionths,
    }


def run_one(solver: str, args: argparse.Namespace) -> dict:
    if solver == "check":
        return run_check(args)
    problem = instance(args.seed, args.requesters, args.practitioners, args.capacity, args.candidates)
    before_mb = _rss_mb()
    started = time.perf_counter()
    result = solve(problem) if solver == "academy" else greedy(problem)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lengths = [len(s) for s in result.shortlists.values()]
    return {
        "solver": solver,
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(peak_mb, 1),
        "rss_before_solving_mb": round(before_mb, 1),
        "objective": round(result.objective, 3),
        "fit_millionths": sum(round(problem.scores[pair] * 1_000_000) for pair in result.assignment.items()),
        "matched": len(result.assignment),
        "unmatched": len(result.unmatched),
        "violations": len(result.proof.violations),
        "proven_optimal": result.optimal,
        "average_shortlist_length": round(sum(lengths) / len(lengths), 3) if lengths else 0,
        "shortlist_lengths": {str(k): lengths.count(k) for k in sorted(set(lengths))},
        "unmatched_reasons_sample": sorted(set(result.unmatched.values()))[:3],
    }


def _subprocess(solver: str, args: argparse.Namespace, capacity: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            f"--one={solver}",
            f"--seed={args.seed}",
            f"--requesters={args.requesters}",
            f"--practitioners={args.practitioners}",
            f"--capacity={capacity}",
            f"--candidates={args.candidates}",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def _table(title: str, rows: list[dict]) -> None:
    print(f"\n{title}\n")
    print(
        "| solver | seconds | peak RSS (MB) | objective | matched | unmatched | violations | proven optimal | "
        "average shortlist |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        print(
            f"| {r['solver']} | {r['seconds']:.2f} | {r['peak_rss_mb']:.0f} | {r['objective']:,.1f} | "
            f"{r['matched']:,} | {r['unmatched']:,} | {r['violations']} | {'yes' if r['proven_optimal'] else 'no'} | "
            f"{r['average_shortlist_length']:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--requesters", type=int, default=10_000)
    parser.add_argument("--practitioners", type=int, default=2_000)
    parser.add_argument("--capacity", type=int, default=5)
    parser.add_argument(
        "--spare-capacity", type=int, default=6, help="places each in the second, roomier run"
    )
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--one", choices=["academy", "greedy", "check"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args)))
        return

    problem = instance(args.seed, args.requesters, args.practitioners, args.capacity, args.candidates)
    paths = write_openreview_csv(problem, RESULTS / "matching")
    shape = {
        "requesters": args.requesters,
        "practitioners": args.practitioners,
        "capacity": args.capacity,
        "candidates_per_requester": args.candidates,
        "candidate_pairs": len(problem.scores),
        "forbidden_pairs": len(problem.forbidden),
        "seed": args.seed,
    }
    del problem
    rows = [_subprocess(solver, args, args.capacity) for solver in ("academy", "greedy")]
    check = _subprocess("check", args, args.capacity)
    agrees = (rows[0]["matched"], rows[0]["fit_millionths"]) == (check["matched"], check["fit_millionths"])
    spare = [_subprocess(solver, args, args.spare_capacity) for solver in ("academy", "greedy")]
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        "instance": shape,
        "instance_csv": {name: str(path.relative_to(ROOT)) for name, path in paths.items()},
        "results": rows,
        "independent_check": {**check, "agrees_with_academy": agrees},
        "spare_places": {"capacity": args.spare_capacity, "results": spare},
    }
    (RESULTS / "matching.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(shape))
    _table(f"Capacity {args.capacity} (places equal demand)", rows)
    print(
        f"\nIndependent check (SciPy LAPJVsp, not timed with Academy): {check['matched']:,} matched, total fit "
        f"{check['fit_millionths'] / 1e6:,.6f}, {check['seconds']:.2f} s, {check['peak_rss_mb']:.0f} MB: "
        + ("agrees with Academy" if agrees else "DISAGREES with Academy")
    )
    _table(f"Capacity {args.spare_capacity} (spare places), same candidates and fits", spare)


if __name__ == "__main__":
    main()
