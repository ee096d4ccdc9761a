"""Benchmark: action learning sets for a pool of 2,000 (issue 13 §6), Academy and greedy side by side.

The pool (fixed seed): 8 ICSs, 5 sectors, 120 organisations of very unequal size (the largest a few
hundred people), about 1,600 line-manager pairs in a few hundred reporting trees inside organisations
(and some managers outside the pool), 8 meeting times of unequal popularity; sets of 5-8, at most 2
from one organisation. The mix is the issue's: each set's distinct ICSs + sectors + organisations,
summed (Weights(ics=1, sector=1, organisation=1, role_level=0)), as a share of the obvious bound.

    .venv/bin/python bench/grouping_bench.py [--runs 2] [--work-limit 3]

Writes bench/results/grouping/pool.csv (id, ICS, sector, organisation, line manager id, slots) so other
group formers can run on exactly this pool, and bench/results/grouping/results.json.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from academy.grouping import Member, Rules, Weights, check_sets, form_sets, greedy_sets  # noqa: E402
from academy.grouping.pool import Pool, sharp_bound  # noqa: E402

OUT = ROOT / "bench" / "results" / "grouping"
ICSS = [
    "Bedfordshire, Luton and Milton Keynes",
    "Cambridgeshire and Peterborough",
    "Hertfordshire and West Essex",
    "Mid and South Essex",
    "Norfolk and Waveney",
    "Suffolk and North East Essex",
    "Lincolnshire",
    "Northamptonshire",
]
SECTORS = ["acute", "community and mental health", "primary care", "social care", "voluntary sector"]
SLOTS = [
    f"{day} {part}"
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday")
    for part in ("morning", "afternoon")
]
BANDS = ["band 5", "band 6", "band 7", "band 8a", "band 8b", "band 8c", "band 9", "director"]


def make_pool(seed: int = 13, people: int = 2000, organisations: int = 120) -> list[Member]:
    rng = random.Random(seed)
    raw = [1 / (rank**0.95) for rank in range(1, organisations + 1)]
    sizes = [max(2, round(people * r / sum(raw))) for r in raw]
    while sum(sizes) > people:
        sizes[sizes.index(max(sizes))] -= 1
    while sum(sizes) < people:
        sizes[rng.randrange(organisations)] += 1
    # Organisations are given to ICSs largest first, each to one of the three with fewest people so
    # far (ICSs of broadly similar size, as a region's are); sectors are drawn at random, the three
    # largest organisations being two acute trusts and a community and mental health trust, so sectors
    # are of unequal size (acute the largest).
    by_ics = dict.fromkeys(ICSS, 0)
    by_sector = dict.fromkeys(SECTORS, 0)
    orgs = []
    for o, size in enumerate(sizes):
        ics = rng.choice(sorted(by_ics, key=lambda k: (by_ics[k], k))[:3])
        sector = (
            (SECTORS[0], SECTORS[1], SECTORS[0])[o]
            if o < 3
            else rng.choices(SECTORS, weights=[2, 2, 3, 3, 2])[0]
        )
        by_ics[ics] += size
        by_sector[sector] += size
        orgs.append((f"Organisation {o + 1:03d}", ics, sector, size))
    popularity = [6, 5, 4, 4, 3, 3, 2, 2]
    members: list[Member] = []
    next_id = 1
    for name, ics, sector, size in orgs:
        ids = list(range(next_id, next_id + size))
        next_id += size
        roots = max(1, round(size * 0.2))
        depth = {}
        manager: dict[int, int | None] = {}
        for k, i in enumerate(ids):
            if k < roots:
                manager[i] = (
                    None if rng.random() > 0.25 else 900_000 + i
                )  # some report to someone outside the pool
                depth[i] = 0
            else:
                boss = rng.choice(ids[max(0, k - 12) : k])
                manager[i] = boss
                depth[i] = depth[boss] + 1
        for i in ids:
            slots = frozenset(rng.choices(SLOTS, weights=popularity, k=rng.randint(2, 4)))
            level = BANDS[max(0, len(BANDS) - 1 - depth[i] - rng.randint(0, 2))]
            members.append(Member(i, ics, sector, name, level, manager[i], slots))
    return members


def write_pool(members: list[Member]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "pool.csv").open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "ics", "sector", "organisation", "line_manager_id", "slots"])
        for m in members:
            out.writerow(
                [m.id, m.ics, m.sector, m.organisation, m.manager_id or "", ";".join(sorted(m.slots))]
            )


def fingerprint(answer: list) -> str:
    return hashlib.sha256(json.dumps(answer).encode()).hexdigest()[:16]


def run(former, members, rules, weights, **kwargs) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    proposal = former(members, rules, weights, **kwargs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    breaches = check_sets(members, rules, proposal.sets) if proposal.sets else ["nothing formed"]
    sizes: dict[int, int] = {}
    for _, ids in proposal.sets:
        sizes[len(ids)] = sizes.get(len(ids), 0) + 1
    return {
        "seconds": round(seconds, 2),
        "cpu seconds": round(cpu, 2),
        "sets": len(proposal.sets),
        "sizes": dict(sorted(sizes.items())),
        "unplaced": len(proposal.unplaced),
        "breaches": len(breaches),
        "mix": proposal.mix_score,
        "bound": proposal.mix_bound,
        "share": round(proposal.mix_score / proposal.mix_bound, 4) if proposal.mix_bound else None,
        "optimal": proposal.optimal,
        "gap": proposal.gap,
        "answer": [list(s) for s in proposal.sets],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--work-limit", type=float, default=None)
    args = parser.parse_args()
    members = make_pool()
    write_pool(members)
    managed = sum(1 for m in members if m.manager_id is not None and m.manager_id < 900_000)
    rules = Rules(min_size=5, max_size=8, max_per_organisation=2)
    mixes = {
        "issue's mix (ICS + sector + organisation)": Weights(ics=1, sector=1, organisation=1, role_level=0),
        "Academy's default weights (3, 2, 1, 1 with role level)": Weights(),
    }
    extra = {} if args.work_limit is None else {"work_limit": args.work_limit}
    rows = []
    for mix, weights in mixes.items():
        for number in range(1, args.runs + 1):
            # shuffled differently each run: the answer must not depend on the order of the pool
            shuffled = random.Random(number).sample(members, len(members))
            for former, call in (("Academy", form_sets), ("greedy", greedy_sets)):
                kwargs = extra if former == "Academy" else {}
                rows.append(
                    {
                        "weights": mix,
                        "run": number,
                        "former": former,
                        **run(call, shuffled, rules, weights, **kwargs),
                    }
                )
    same = {
        f"{mix}, {f}": len(
            {json.dumps(r["answer"]) for r in rows if r["former"] == f and r["weights"] == mix}
        )
        == 1
        for mix in mixes
        for f in ("Academy", "greedy")
    }
    org_sizes = sorted(Counter(m.organisation for m in members).values(), reverse=True)
    result = {
        "when": datetime.now(UTC).strftime("%d %B %Y %H:%M UTC"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
        "python": platform.python_version(),
        "load average (1, 5, 15 minutes) at the end": [round(x, 2) for x in os.getloadavg()],
        "pool": {
            "people": len(members),
            "organisations": len(org_sizes),
            "largest organisations": org_sizes[:5],
            "line-manager pairs in the pool": managed,
            "managers outside the pool": sum(1 for m in members if m.manager_id and m.manager_id >= 900_000),
            "trees": sum(1 for m in members if m.manager_id is None or m.manager_id >= 900_000),
        },
        "same answer every run": same,
        # the answer's fingerprint, to compare with another run of this script
        "rows": [
            {**{k: v for k, v in r.items() if k != "answer"}, "answer sha256": fingerprint(r["answer"])}
            for r in rows
        ],
    }
    result["best possible (sharper bound)"] = {
        mix: sharp_bound(Pool.of(members), rules, weights) for mix, weights in mixes.items()
    }
    (OUT / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "rows"}, indent=2))
    print()
    print(
        "| weights | run | former | seconds (CPU) | sets (sizes) | unplaced | hard-rule breaches | mix / bound | share | optimal or gap |"
    )
    print("|---|---|---|---:|---|---:|---:|---:|---:|---|")
    for r in result["rows"]:
        sizes_text = ", ".join(f"{c}×{s}" for s, c in r["sizes"].items())
        proof = "proven optimal" if r["optimal"] else f"gap {r['gap']:.2%}" if r["gap"] is not None else "—"
        print(
            f"| {r['weights'].split(' (')[0]} | {r['run']} | {r['former']} | {r['seconds']} ({r['cpu seconds']}) | {r['sets']} ({sizes_text}) | {r['unplaced']} | "
            f"{r['breaches']} | {r['mix']} / {r['bound']} | {r['share']:.1%} | {proof} |"
        )


if __name__ == "__main__":
    main()
