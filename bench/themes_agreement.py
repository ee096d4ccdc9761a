"""Benchmark: do Academy's themes group answers the way a careful reader does? (issue 19)

Two hand-written, hand-labelled answer sets (bench/themes_data/set_a.csv and set_b.csv) are embedded
once with the packaged all-MiniLM-L6-v2 (cached in bench/results/, not committed), and the SAME stored
vectors are grouped by:

- Academy as shipped before issue 19 (the engine at commit ``SHIPPED``, read from git),
- Academy now (``academy.evaluation.themes.engine.find_themes``, default settings),
- BERTopic (UMAP + HDBSCAN on the precomputed vectors; no embedding model is loaded), at its default
  settings (UMAP's random_state fixed at 42 so that the run repeats) and at the setting of a small grid
  that scores best on each set's own labels (tuned on the answers it is scored on: generous to BERTopic).

For each: adjusted Rand index and NMI against the labels (over every answer; a system's non-answer
bucket, its unassigned group and BERTopic's outliers each count as one group), purity of the answers
placed in a group (a theme or the non-answer bucket; not the unassigned answers or outliers), the
number of themes, the share left unassigned / as outliers, and the time.
Academy's numbers come from one fixed setting, chosen on set A; set B was written separately to show
whether that choice overfits.

    .venv-bench/bin/python bench/themes_agreement.py      # `make bench` runs it this way

BERTopic lives only in .venv-bench (bench/requirements-bertopic.txt). Without it the BERTopic rows say
so and scikit-learn's HDBSCAN and agglomerative clustering are compared instead, labelled as such.
Writes bench/results/themes_agreement.json and prints the Markdown table recorded in bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT / "bench" / "themes_data"
RESULTS = ROOT / "bench" / "results"
SETS = {"A": DATA / "set_a.csv", "B": DATA / "set_b.csv"}
# The engine as shipped before issue 19, for the "before" rows.
SHIPPED = "af248f2"
NON_ANSWER = "non_answer"
OUTLIERS = "__unassigned__"
NON_BUCKET = "__non_answer__"

BERTOPIC_GRID = [
    {"n_neighbors": n, "n_components": 5, "min_cluster_size": m}
    for n in (3, 5, 10, 15, 30)
    for m in (3, 5, 8, 12, 20)
]


def load_set(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [row["label"] for row in rows]


def vectors_for(name: str, texts: list[str]) -> np.ndarray:
    """Embed once and keep the vectors (like Answer.embedding); later runs read them back."""
    from academy.evaluation.themes import embeddings

    digest = hashlib.sha256(
        (embeddings.EMBEDDING_VERSION + "\n" + "\n".join(texts)).encode("utf-8")
    ).hexdigest()[:16]
    path = RESULTS / f"themes_vectors_{name}_{digest}.npy"
    if path.exists():
        return np.load(path)
    vectors = embeddings.embed_array(texts)
    RESULTS.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


# ----------------------------------------------------------------------------------------- metrics


def score(labels: list[str], groups: list[str], seconds: float) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    placed = [(t, g) for t, g in zip(labels, groups, strict=True) if g != OUTLIERS]
    by_group: dict[str, Counter[str]] = defaultdict(Counter)
    for truth, group in placed:
        by_group[group][truth] += 1
    purity = sum(c.most_common(1)[0][1] for c in by_group.values()) / len(placed) if placed else 0.0
    non_truth = [g for t, g in zip(labels, groups, strict=True) if t == NON_ANSWER]
    return {
        "ari": round(float(adjusted_rand_score(labels, groups)), 3),
        "nmi": round(float(normalized_mutual_info_score(labels, groups)), 3),
        "purity": round(purity, 3),
        "themes": len(set(by_group) - {NON_BUCKET}),
        "unassigned_share": round(groups.count(OUTLIERS) / len(groups), 3),
        "non_answers_set_aside": sum(g == NON_BUCKET for g in non_truth),
        "non_answers": len(non_truth),
        "seconds": round(seconds, 2),
        "wrong": what_is_wrong(labels, groups),
    }


def what_is_wrong(labels: list[str], groups: list[str]) -> dict[str, list[str]]:
    """Themes that mix labels, labels spread over themes, labels mostly left unassigned."""
    by_group: dict[str, Counter[str]] = defaultdict(Counter)
    by_label: dict[str, Counter[str]] = defaultdict(Counter)
    for truth, group in zip(labels, groups, strict=True):
        by_group[group][truth] += 1
        by_label[truth][group] += 1
    merged = []
    for group, counts in sorted(by_group.items()):
        if group in (OUTLIERS, NON_BUCKET):
            continue
        size = sum(counts.values())
        big = [label for label, n in counts.most_common() if n >= max(5, 0.25 * size)]
        if len(big) >= 2:
            merged.append(" + ".join(sorted(big)))
    spread = []
    lost = []
    for label, counts in sorted(by_label.items()):
        size = sum(counts.values())
        homes = [g for g, n in counts.items() if g not in (OUTLIERS, NON_BUCKET) and n >= max(3, 0.15 * size)]
        if len(homes) >= 2:
            spread.append(f"{label} over {len(homes)} themes")
        if counts[OUTLIERS] >= 0.25 * size:
            lost.append(f"{label} {counts[OUTLIERS]}/{size} unassigned")
        if label == NON_ANSWER and size - counts[NON_BUCKET] > 0:
            lost.append(f"{size - counts[NON_BUCKET]} non-answers themed")
    return {"merged": merged, "spread": spread, "unassigned_or_missed": lost}


# ----------------------------------------------------------------------------------------- systems


def load_engine(commit: str | None) -> Any:
    """academy.evaluation.themes.engine now, or as it was at ``commit`` (read from git, loaded beside it;
    before the themes sub-package the engine was src/academy/evaluation/themes.py)."""
    if commit is None:
        from academy.evaluation.themes import engine

        return engine
    for where in ("src/academy/evaluation/themes/engine.py", "src/academy/evaluation/themes.py"):
        shown = subprocess.run(
            ["git", "show", f"{commit}:{where}"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if shown.returncode == 0:
            source = shown.stdout
            break
    else:
        raise SystemExit(f"no theme engine at {commit}")
    path = RESULTS / f"themes_engine_{commit}.py.tmp"
    path.write_text(source, encoding="utf-8")
    from importlib.machinery import SourceFileLoader

    loader = SourceFileLoader(f"themes_{commit}", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    loader.exec_module(module)
    return module


def run_academy(
    engine: Any, texts: list[str], vectors: np.ndarray, **options: Any
) -> tuple[list[str], float, Any]:
    items = [engine.ThemeInput(id=i, text=text, vector=vectors[i].tolist()) for i, text in enumerate(texts)]
    started = time.perf_counter()
    result = engine.find_themes(items, method="embedding", **options)
    seconds = time.perf_counter() - started
    groups = [OUTLIERS] * len(texts)
    for n, theme in enumerate(result.themes):
        for i in theme.answer_ids:
            groups[i] = OUTLIERS if getattr(theme, "unassigned", False) else f"t{n}"
    for i in result.no_comment.answer_ids:
        groups[i] = NON_BUCKET
    return groups, seconds, result


def run_bertopic(
    texts: list[str], vectors: np.ndarray, setting: dict[str, int] | None
) -> tuple[list[str], float]:
    from bertopic import BERTopic

    if setting is None:
        # BERTopic's defaults (UMAP 15 neighbours, 5 components; HDBSCAN min_cluster_size 10), with only
        # UMAP's seed fixed so that the row repeats.
        from umap import UMAP

        model = BERTopic(
            umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42)
        )
    else:
        from hdbscan import HDBSCAN
        from umap import UMAP

        model = BERTopic(
            umap_model=UMAP(
                n_neighbors=setting["n_neighbors"],
                n_components=setting["n_components"],
                min_dist=0.0,
                metric="cosine",
                random_state=42,
            ),
            hdbscan_model=HDBSCAN(
                min_cluster_size=setting["min_cluster_size"],
                metric="euclidean",
                cluster_selection_method="eom",
                prediction_data=True,
            ),
        )
    started = time.perf_counter()
    topics, _probs = model.fit_transform(texts, embeddings=vectors)
    seconds = time.perf_counter() - started
    return [OUTLIERS if t == -1 else f"b{t}" for t in topics], seconds


def run_sklearn(kind: str, vectors: np.ndarray) -> tuple[list[str], float]:
    """Used only when BERTopic cannot be installed: scikit-learn's strongest stand-ins."""
    from sklearn.cluster import HDBSCAN, AgglomerativeClustering

    started = time.perf_counter()
    if kind == "hdbscan":
        found = HDBSCAN(min_cluster_size=8, metric="cosine").fit_predict(vectors)
    else:
        found = AgglomerativeClustering(
            n_clusters=None, distance_threshold=0.9, metric="cosine", linkage="average"
        ).fit_predict(vectors)
    seconds = time.perf_counter() - started
    return [OUTLIERS if t == -1 else f"s{t}" for t in found], seconds


# ----------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-grid", action="store_true", help="BERTopic at default settings only")
    parser.add_argument("--out", type=Path, default=RESULTS / "themes_agreement.json")
    args = parser.parse_args()
    os.environ["ACADEMY_EMBEDDING_THREADS"] = str(args.threads)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))

    have_bertopic = importlib.util.find_spec("bertopic") is not None
    shipped = load_engine(SHIPPED)
    current = load_engine(None)
    report: dict[str, Any] = {
        "benchmark": "themes_agreement",
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "threads": args.threads,
            "load_average_1min_at_start": round(os.getloadavg()[0], 2),
        },
        "bertopic": None,
        "sets": {},
    }
    if have_bertopic:
        import bertopic

        report["bertopic"] = bertopic.__version__
    for name, path in SETS.items():
        texts, labels = load_set(path)
        vectors = vectors_for(name, texts)
        rows: dict[str, Any] = {}
        groups, seconds, _ = run_academy(shipped, texts, vectors)
        rows["Academy as shipped"] = score(labels, groups, seconds)
        groups, seconds, result = run_academy(current, texts, vectors)
        rows["Academy"] = score(labels, groups, seconds)
        # Same answers, another order: the themes must not change.
        order = list(range(len(texts)))
        random.Random(19).shuffle(order)
        items = [current.ThemeInput(id=i, text=texts[i], vector=vectors[i].tolist()) for i in order]
        again = current.find_themes(items, method="embedding")
        rows["Academy"]["same_when_shuffled"] = again.as_dict() == result.as_dict()
        rows["Academy"]["labels"] = [f"{t.label} ({t.size})" for t in result.themes] + [
            f"{result.no_comment.label} ({result.no_comment.size})"
        ]
        missed = [
            t
            for t, lab in zip(texts, labels, strict=True)
            if lab == NON_ANSWER and not current.is_non_answer(t)
        ]
        wrongly = [
            t for t, lab in zip(texts, labels, strict=True) if lab != NON_ANSWER and current.is_non_answer(t)
        ]
        rows["Academy"]["non_answers_missed"] = missed
        rows["Academy"]["answers_taken_for_non_answers"] = wrongly
        if have_bertopic:
            groups, seconds = run_bertopic(texts, vectors, None)
            rows["BERTopic, default settings"] = score(labels, groups, seconds)
            if not args.no_grid:
                best: tuple[float, dict[str, int], dict[str, Any]] | None = None
                grid_best: dict[str, float] = {}
                for setting in BERTOPIC_GRID:
                    groups, seconds = run_bertopic(texts, vectors, setting)
                    scored = score(labels, groups, seconds)
                    key = scored["ari"] + scored["nmi"]
                    if best is None or key > best[0]:
                        best = (key, setting, scored)
                    grid_best["ari"] = max(grid_best.get("ari", -1.0), scored["ari"])
                    grid_best["nmi"] = max(grid_best.get("nmi", -1.0), scored["nmi"])
                assert best is not None
                best[2]["setting"] = best[1]
                # The best of each figure over the whole grid, whichever setting gave it.
                best[2]["grid_best"] = grid_best
                rows["BERTopic, tuned on this set's labels"] = best[2]
        else:
            for kind, title in (
                ("hdbscan", "scikit-learn HDBSCAN (BERTopic not installed)"),
                ("agglomerative", "scikit-learn agglomerative (BERTopic not installed)"),
            ):
                groups, seconds = run_sklearn(kind, vectors)
                rows[title] = score(labels, groups, seconds)
        report["sets"][name] = {
            "file": str(path.relative_to(ROOT)),
            "answers": len(texts),
            "themes_labelled": len(set(labels) - {NON_ANSWER}),
            "non_answers_labelled": labels.count(NON_ANSWER),
            "systems": rows,
        }
    report["machine"]["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(markdown(report))


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "| set | system | adjusted Rand | NMI | purity | themes | unassigned | non-answers set aside | seconds |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, data in report["sets"].items():
        for system, row in data["systems"].items():
            setting = row.get("setting")
            label = system + (f" ({', '.join(f'{k} {v}' for k, v in setting.items())})" if setting else "")
            lines.append(
                f"| {name} ({data['answers']} answers, {data['themes_labelled']} themes) | {label} | {row['ari']:.2f} "
                f"| {row['nmi']:.2f} | {row['purity']:.2f} | {row['themes']} | {row['unassigned_share']:.0%} "
                f"| {row['non_answers_set_aside']}/{row['non_answers']} | {row['seconds']:.2f} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
