"""Random matching problems for the property tests: organisation trees whose reporting lines forbid pairs,
eligible candidates with fits, capacities, and exclusions."""

from hypothesis import strategies as st

from academy.matching import EXCLUDED_BY_REQUESTER, IN_CHAIN, Problem, chain_pairs


def _forest(draw, n: int) -> dict[int, int | None]:
    order = draw(st.permutations(range(n)))
    manager_of: dict[int, int | None] = {}
    for rank, person in enumerate(order):
        manager_of[person] = draw(st.none() | st.sampled_from(order[:rank])) if rank else None
    return manager_of


@st.composite
def manager_forests(draw, max_people: int = 12) -> dict[int, int | None]:
    """A line-manager forest over people 0..n-1: each person's manager comes earlier in a random order."""
    return _forest(draw, draw(st.integers(0, max_people)))


@st.composite
def problems(draw, **kwargs) -> Problem:
    return draw(problems_in_organisations(**kwargs))[0]


@st.composite
def problems_in_organisations(
    draw,
    max_requesters: int = 8,
    max_practitioners: int = 5,
    max_capacity: int = 3,
    exact_fits: bool = True,
    max_shortlist: int = 4,
) -> tuple[Problem, set[frozenset[int]]]:
    """A problem and the line-management chains it was drawn from. Requesters are people 0..R-1 and practitioners R..R+P-1 of one organisation tree; every pair in a
    line-management chain is forbidden, and some others are excluded by the requester. With `exact_fits`, fits
    are whole thousandths, so totals can be compared exactly."""
    n_r = draw(st.integers(0, max_requesters))
    n_p = draw(st.integers(0, max_practitioners))
    chains = chain_pairs(_forest(draw, n_r + n_p))
    requesters = tuple(range(n_r))
    practitioners = range(n_r, n_r + n_p)
    fits = st.integers(0, 1000).map(lambda t: t / 1000) if exact_fits else st.floats(0, 1, allow_nan=False)
    scores = {}
    forbidden = {}
    for r in requesters:
        for p in practitioners:
            if draw(st.integers(0, 3)):  # three pairs in four are candidates
                scores[(r, p)] = draw(fits)
            if frozenset((r, p)) in chains:
                forbidden[(r, p)] = IN_CHAIN
            elif draw(st.integers(0, 9)) == 0:
                forbidden[(r, p)] = EXCLUDED_BY_REQUESTER
    capacity = {p: draw(st.integers(0, max_capacity)) for p in practitioners}
    problem = Problem(
        requesters=requesters,
        capacity=capacity,
        scores=scores,
        forbidden=forbidden,
        shortlist_size=draw(st.integers(1, max_shortlist)),
    )
    return problem, chains
