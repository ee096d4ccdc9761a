"""On pools small enough to try every partition, the engine agrees with exhaustive search: it forms
sets exactly when some formation keeps every rule, `explain` never refuses a pool that has one, and
a mix it calls optimal is the best there is."""

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.grouping import Rules, Weights, explain, form_sets
from tests.grouping.test_properties import in_one_chain, pools


def partitions(items):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in partitions(rest):
        yield [[first], *partition]
        for k in range(len(partition)):
            yield [*partition[:k], [first, *partition[k]], *partition[k + 1 :]]


def best_by_exhaustion(members, rules, weights):
    """The best mix over every formation that keeps every rule, or None if there is none."""
    by_id = {m.id: m for m in members}
    best = None
    for partition in partitions(sorted(by_id)):
        ok = all(
            rules.min_size <= len(block) <= rules.max_size
            and frozenset.intersection(*(by_id[i].slots for i in block))
            and max(Counter(by_id[i].organisation for i in block).values()) <= rules.max_per_organisation
            and not any(in_one_chain(members, a, b) for a in block for b in block if a < b)
            for block in partition
        )
        if ok:
            score = sum(
                weights.ics * len({by_id[i].ics for i in block})
                + weights.sector * len({by_id[i].sector for i in block})
                + weights.organisation * len({by_id[i].organisation for i in block})
                + weights.role_level * len({by_id[i].role_level for i in block})
                for block in partition
            )
            best = score if best is None else max(best, score)
    return best


small_rules = st.builds(
    Rules, min_size=st.integers(1, 3), max_size=st.integers(1, 4), max_per_organisation=st.integers(1, 2)
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members=pools(least=1, most=7), rules=small_rules)
def test_the_engine_agrees_with_trying_every_partition(members, rules):
    weights = Weights()
    best = best_by_exhaustion(members, rules, weights)
    proposal = form_sets(members, rules, weights, work_limit=1.0)
    if best is None:
        assert proposal.sets == ()
    else:
        assert explain(members, rules) == []
        assert proposal.sets, "a formation exists, so one must be found"
        assert proposal.mix_score <= best <= proposal.mix_bound
        assert proposal.optimal, "a pool this small is solved to proven optimality"
        assert proposal.mix_score == best
