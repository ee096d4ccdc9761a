"""Forming action learning sets from a pool: every hard rule kept or nothing formed, with the reasons.

A pure-Python engine (OR-Tools CP-SAT, no Django, no other Academy app): the `learning_sets` app
turns its pool into `Member`s, calls `explain`, `form_sets` or `check_sets`, and stores the answer.
See docs/grouping.md."""

from .checks import check_sets, explain
from .solver import form_sets, greedy_sets
from .types import Member, PoolError, Proposal, Rules, Weights

__all__ = [
    "Member",
    "PoolError",
    "Proposal",
    "Rules",
    "Weights",
    "check_sets",
    "explain",
    "form_sets",
    "greedy_sets",
]
