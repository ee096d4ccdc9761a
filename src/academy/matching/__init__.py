"""The matching engine: requesters to practitioners, the most people matched and then the greatest total fit,
under hard rules (capacity, forbidden pairs), with shortlists, explanations and a proof that every rule held.

Pure Python on OR-Tools: it imports no other Academy app and no Django, so coaching, interchange and learning
sets can all call it with plain ids. See docs/matching.md."""

from academy.matching.chains import chain_pairs
from academy.matching.openreview import write_openreview_csv
from academy.matching.problem import (
    EXCLUDED_BY_PRACTITIONER,
    EXCLUDED_BY_REQUESTER,
    IN_CHAIN,
    SAME_ORGANISATION,
    Problem,
    ProblemError,
    Proof,
    Result,
)
from academy.matching.solver import explain_infeasible, greedy, solve

__all__ = [
    "EXCLUDED_BY_PRACTITIONER",
    "EXCLUDED_BY_REQUESTER",
    "IN_CHAIN",
    "SAME_ORGANISATION",
    "Problem",
    "ProblemError",
    "Proof",
    "Result",
    "chain_pairs",
    "explain_infeasible",
    "greedy",
    "solve",
    "write_openreview_csv",
]
