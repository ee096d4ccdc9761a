"""The problem in openreview-matcher's input format, so that an external solver can run the same instance:
`scores.csv` (requester, practitioner, score), `constraints.csv` (requester, practitioner, -1 for a forbidden
pair) and `max_papers.csv` (practitioner, capacity); no header rows. Requesters play the matcher's papers
(one practitioner each) and practitioners its reviewers."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from academy.matching.graph import validate
from academy.matching.problem import Problem


def write_openreview_csv(problem: Problem, directory: str | os.PathLike[str]) -> dict[str, Path]:
    """Write the three files into `directory` (made if missing) and return their paths by name."""
    validate(problem)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.csv" for name in ("scores", "constraints", "max_papers")}
    with paths["scores"].open("w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(
            (r, p, repr(float(s))) for (r, p), s in sorted(problem.scores.items())
        )
    with paths["constraints"].open("w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows((r, p, -1) for r, p in sorted(problem.forbidden))
    with paths["max_papers"].open("w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(sorted(problem.capacity.items()))
    return paths
