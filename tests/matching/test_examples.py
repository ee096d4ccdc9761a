"""Small matching problems worked by hand."""

import pytest

from academy.matching import (
    EXCLUDED_BY_REQUESTER,
    IN_CHAIN,
    SAME_ORGANISATION,
    Problem,
    ProblemError,
    chain_pairs,
    explain_infeasible,
    greedy,
    solve,
    write_openreview_csv,
)

ANN, BEN, CAL, DEE = 1, 2, 3, 4
XAVI, YUSUF, ZARA = 10, 11, 12


def test_matching_the_whole_pool_at_once_matches_the_person_greedy_leaves_out():
    # Ann asks first and would take Xavi, the only coach Ben can have; the optimum gives Ann Yusuf instead.
    problem = Problem(
        requesters=(ANN, BEN),
        capacity={XAVI: 1, YUSUF: 1},
        scores={(ANN, XAVI): 0.9, (ANN, YUSUF): 0.8, (BEN, XAVI): 0.7},
    )
    baseline = greedy(problem)
    assert baseline.assignment == {ANN: XAVI}
    assert baseline.objective == pytest.approx(0.9)
    assert baseline.unmatched == {
        BEN: "the one eligible practitioner was full by the time this request was reached"
    }

    best = solve(problem)
    assert best.assignment == {ANN: YUSUF, BEN: XAVI}
    assert best.objective == pytest.approx(1.5)
    assert best.optimal and best.unmatched == {}
    # capacity equals demand, so nobody can be offered anyone else: shortlists of one are the honest answer
    assert best.shortlists == {ANN: (YUSUF,), BEN: (XAVI,)}
    assert best.proof.violations == [] and best.proof.ok


def test_shortlists_offer_no_practitioner_to_more_people_than_they_have_places():
    # Both are matched to Xavi (2 places), filling him. Yusuf (1 place) and Zara (2) are left for shortlists:
    # three offers for four slots, Yusuf to Ben (0.6 beats Ann's 0.5), Zara to both.
    problem = Problem(
        requesters=(ANN, BEN),
        capacity={XAVI: 2, YUSUF: 1, ZARA: 2},
        scores={
            (ANN, XAVI): 0.9,
            (ANN, YUSUF): 0.5,
            (ANN, ZARA): 0.3,
            (BEN, XAVI): 0.8,
            (BEN, YUSUF): 0.6,
            (BEN, ZARA): 0.2,
        },
    )
    result = solve(problem)
    assert result.assignment == {ANN: XAVI, BEN: XAVI}
    assert result.objective == pytest.approx(1.7)
    assert result.shortlists == {ANN: (XAVI, ZARA), BEN: (XAVI, YUSUF, ZARA)}
    assert result.proof.shortlists_within_capacity


def test_a_forbidden_pair_is_never_matched_even_when_it_fits_best():
    problem = Problem(
        requesters=(ANN,),
        capacity={XAVI: 1, YUSUF: 1},
        scores={(ANN, XAVI): 1.0, (ANN, YUSUF): 0.1},
        forbidden={(ANN, XAVI): IN_CHAIN},
    )
    result = solve(problem)
    assert result.assignment == {ANN: YUSUF}
    assert result.shortlists == {ANN: (YUSUF,)}


def test_matching_more_people_comes_before_a_higher_total_fit():
    # Ann-Xavi alone (1.0) fits better than Ann-Yusuf + Ben-Xavi (0.2), but leaves Ben out.
    problem = Problem(
        requesters=(ANN, BEN),
        capacity={XAVI: 1, YUSUF: 1},
        scores={(ANN, XAVI): 1.0, (ANN, YUSUF): 0.1, (BEN, XAVI): 0.1},
    )
    assert solve(problem).assignment == {ANN: YUSUF, BEN: XAVI}


def test_each_person_left_unmatched_is_told_which_rule_stood_in_the_way():
    problem = Problem(
        requesters=(ANN, BEN, CAL, DEE, 5, 6),
        capacity={XAVI: 2, YUSUF: 0, ZARA: 3},
        scores={
            (BEN, XAVI): 0.4,
            (BEN, ZARA): 0.9,
            (CAL, XAVI): 0.5,
            (DEE, XAVI): 0.6,
            (5, XAVI): 0.7,
            (6, YUSUF): 0.8,
        },
        forbidden={
            (BEN, XAVI): IN_CHAIN,
            (BEN, ZARA): IN_CHAIN,
            (BEN, YUSUF): EXCLUDED_BY_REQUESTER,
            (CAL, ZARA): SAME_ORGANISATION,
        },
    )
    result = solve(problem)
    assert result.assignment == {DEE: XAVI, 5: XAVI}
    assert result.unmatched == {
        ANN: "no eligible practitioner: nobody offered fits this request",
        BEN: "every candidate is ruled out: 2 in line-management chain, 1 excluded by requester",
        CAL: "every candidate with a place is taken: these 3 people share 1 practitioner with 2 places "
        "(other candidates are ruled out: 1 same organisation)",
        6: "the one eligible practitioner has no free place",
    }
    assert explain_infeasible(problem) == result.unmatched


def test_people_crowding_the_same_practitioners_are_told_how_many_share_how_few_places():
    # Seven people can only have Xavi or Yusuf, who have five places between them: two go unmatched, and both
    # are told the same thing.
    people = tuple(range(1, 8))
    problem = Problem(
        requesters=people,
        capacity={XAVI: 3, YUSUF: 2, ZARA: 4},
        scores={(r, p): 0.1 * r for r in people for p in (XAVI, YUSUF)},
    )
    reasons = explain_infeasible(problem)
    assert set(reasons) == {1, 2}  # the two who fit least
    assert set(reasons.values()) == {
        "every candidate with a place is taken: these 7 people share 2 practitioners with 5 places"
    }


def test_each_match_shows_its_factors():
    problem = Problem(
        requesters=(ANN, BEN),
        capacity={XAVI: 2},
        scores={(ANN, XAVI): 0.7, (BEN, XAVI): 0.4},
        factors={(ANN, XAVI): {"goals": 0.5, "sector": 0.2}},
    )
    result = solve(problem)
    assert result.explanations == {ANN: {"goals": 0.5, "sector": 0.2}, BEN: {"fit": 0.4}}


def test_bad_input_is_refused_with_every_fault_named():
    with pytest.raises(ProblemError) as refused:
        solve(
            Problem(
                requesters=(ANN, ANN),
                capacity={XAVI: -1},
                scores={(BEN, XAVI): 0.5, (ANN, ZARA): 0.5, (ANN, XAVI): -0.2},
                shortlist_size=0,
            )
        )
    assert refused.value.problems == [
        "shortlist size must be a whole number of at least 1, not 0",
        "requesters listed more than once: 1",
        "capacity must be a whole number of free places, 0 or more, for practitioners 10 (-1)",
        "scores name requesters not in the problem: 2",
        "scores name practitioners not in the problem: 12",
        "fit must be a number from 0 to 1,000,000: 1-10 (-0.2)",
    ]
    assert "shortlist size must be a whole number of at least 1" in str(refused.value)


def test_every_kind_of_bad_input_is_named():
    with pytest.raises(ProblemError) as refused:
        solve(
            Problem(
                requesters=(ANN, "Ben"),  # type: ignore[arg-type]
                capacity={XAVI: 1},
                scores={},
            )
        )
    assert refused.value.problems == ["ids must be whole numbers, not 'Ben'"]
    with pytest.raises(ProblemError) as refused:
        greedy(
            Problem(
                requesters=(ANN,),
                capacity={XAVI: 1.5},  # type: ignore[dict-item]
                scores={(ANN, XAVI): float("nan")},
                forbidden={(BEN, XAVI): IN_CHAIN},
                factors={(ANN, YUSUF): {"goals": 1.0}},
            )
        )
    assert refused.value.problems == [
        "capacity must be a whole number of free places, 0 or more, for practitioners 10 (1.5)",
        "forbidden name requesters not in the problem: 2",
        "factors name practitioners not in the problem: 11",
        "fit must be a number from 0 to 1,000,000: 1-10 (nan)",
    ]


def test_greedy_tells_whoever_arrived_too_late_that_their_practitioners_were_full():
    problem = Problem(
        requesters=(ANN, BEN, CAL),
        capacity={XAVI: 1, YUSUF: 0},
        scores={(ANN, XAVI): 0.5, (BEN, XAVI): 0.9, (BEN, YUSUF): 0.9, (CAL, YUSUF): 0.4},
    )
    assert greedy(problem).unmatched == {
        BEN: "all 2 eligible practitioners were full by the time this request was reached",
        CAL: "the one eligible practitioner has no free place",
    }


def test_chain_pairs_forbid_every_manager_above_and_every_report_below():
    # Ann manages Ben, who manages Cal; Dee reports to Ann.
    pairs = chain_pairs({ANN: None, BEN: ANN, CAL: BEN, DEE: ANN})
    assert pairs == {frozenset(p) for p in [(ANN, BEN), (BEN, CAL), (ANN, CAL), (ANN, DEE)]}
    assert frozenset((CAL, DEE)) not in pairs  # colleagues in one tree are not in each other's chain


def test_the_instance_is_written_in_openreview_matchers_format(tmp_path):
    problem = Problem(
        requesters=(BEN, ANN),
        capacity={YUSUF: 2, XAVI: 1},
        scores={(BEN, XAVI): 0.25, (ANN, YUSUF): 1.0},
        forbidden={(ANN, XAVI): IN_CHAIN},
    )
    paths = write_openreview_csv(problem, tmp_path / "instance")
    assert paths["scores"].read_bytes().decode() == "1,11,1.0\n2,10,0.25\n"
    assert paths["constraints"].read_bytes().decode() == "1,10,-1\n"
    assert paths["max_papers"].read_bytes().decode() == "10,1\n11,2\n"
