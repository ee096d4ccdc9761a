"""The set former on small pools worked out by hand: the rules it keeps, the reasons it gives and the
mix it scores."""

import academy.grouping
from academy.grouping import Member, PoolError, Rules, Weights, check_sets, explain, form_sets, greedy_sets
from tests.dependencies import imports_reaching

MON = frozenset({"Monday morning"})
BOTH = frozenset({"Monday morning", "Tuesday afternoon"})


def person(i, *, ics="A", sector="acute", org=None, role="band 7", manager=None, slots=MON):
    return Member(i, ics, sector, org or f"Org {i}", role, manager, slots)


def test_the_engine_imports_no_other_academy_app_and_no_django():
    assert imports_reaching(academy.grouping, ("academy.", "django", "rest_framework")) == set()


def test_two_icss_are_shared_out_so_each_set_has_both():
    # 10 people, 5 from ICS A and 5 from B; sets of exactly 5; only the ICS counts. Each set can hold
    # at most 2 ICSs, so the best is 2 + 2 = 4, which is also the obvious bound.
    pool = [person(i, ics="A" if i <= 5 else "B") for i in range(1, 11)]
    proposal = form_sets(pool, Rules(5, 5, 5), Weights(ics=1, sector=0, organisation=0, role_level=0))
    assert proposal.mix_score == 4
    assert proposal.mix_bound == 4
    assert proposal.optimal and proposal.gap == 0.0
    assert not proposal.unplaced and proposal.breaches == ()
    assert len(proposal.sets) == 2


def test_mix_is_weighted_distinct_values_summed_over_sets():
    # One set of 4: ICSs A, A, B, C (3 distinct), sectors acute x4 (1), organisations 4 distinct,
    # role levels band 7 x3 and band 8a (2): 3*3 + 2*1 + 1*4 + 1*2 = 17.
    pool = [
        person(1, ics="A"),
        person(2, ics="A"),
        person(3, ics="B"),
        person(4, ics="C", role="band 8a"),
    ]
    proposal = form_sets(pool, Rules(4, 4, 1))
    assert proposal.sets == (("Monday morning", (1, 2, 3, 4)),)
    assert proposal.mix_score == 17


def test_no_set_holds_a_manager_and_anyone_below_them_at_any_depth():
    # 1 manages 2, 2 manages 3: all three must be in different sets; 4-9 are free.
    pool = [person(1), person(2, manager=1), person(3, manager=2)] + [person(i) for i in range(4, 10)]
    proposal = form_sets(pool, Rules(3, 3, 3))
    assert len(proposal.sets) == 3
    for _, ids in proposal.sets:
        assert len({1, 2, 3} & set(ids)) == 1


def test_a_manager_outside_the_pool_links_nobody():
    # 1 and 2 both report to 99, who is not in the pool: they are not in one chain with each other.
    pool = [person(1, manager=99), person(2, manager=99)]
    assert check_sets(pool, Rules(2, 2, 2), [("Monday morning", [1, 2])]) == []


def test_the_issues_example_is_explained_before_solving():
    trust = "Norfolk and Norwich University Hospitals"
    pool = [person(i, org=trust if i <= 38 else None) for i in range(1, 51)]
    assert explain(pool, Rules(5, 8, 2)) == [
        f"38 of the 50 people work for {trust}: at most 2 per set needs at least 19 sets, "
        "but sizes 5–8 allow at most 10."
    ]
    proposal = form_sets(pool, Rules(5, 8, 2))
    assert proposal.sets == ()
    assert set(proposal.unplaced) == set(range(1, 51))
    assert "38 of the 50 people work for" in proposal.unplaced[1]


def test_contradictory_sizes_are_explained():
    assert explain([person(i) for i in range(10)], Rules(6, 5, 2)) == [
        "The smallest set size (6) is larger than the largest (5)."
    ]


def test_a_pool_smaller_than_a_set_is_explained():
    assert explain([person(i) for i in range(3)], Rules(5, 8, 2)) == [
        "The pool has 3 people, fewer than the smallest set size of 5."
    ]


def test_a_pool_that_no_count_of_sets_fits_is_explained():
    assert explain([person(i) for i in range(9)], Rules(5, 8, 9)) == [
        "9 people cannot be split into sets of 5–8: 1 set holds at most 8, 2 sets need at least 10."
    ]


def test_people_with_no_time_are_explained_and_named_in_unplaced():
    pool = [person(i) for i in range(1, 10)] + [person(10, slots=frozenset())]
    assert explain(pool, Rules(5, 5, 5)) == ["1 person gave no time they can meet: 10."]
    proposal = form_sets(pool, Rules(5, 5, 5))
    assert proposal.sets == ()
    assert proposal.unplaced[10] == "has given no time they can meet"
    assert "gave no time" in proposal.unplaced[1]


def test_too_few_people_at_a_time_to_fill_a_set_is_explained():
    tuesday = frozenset({"Tuesday afternoon"})
    pool = [person(i) for i in range(1, 11)] + [person(i, slots=tuesday) for i in range(11, 14)]
    reasons = explain(pool, Rules(5, 8, 2))
    assert reasons == [
        "Too few people can make any time that 11, 12, 13 can make to fill a set of 5 "
        "(at most 2 from one organisation; Tuesday afternoon: 3)."
    ]


def test_a_chain_longer_than_the_number_of_sets_is_explained():
    pool = [person(1)] + [person(i, manager=i - 1) for i in range(2, 5)] + [person(i) for i in range(5, 11)]
    # 10 people in sets of 5: at most 2 sets, but 1, 2, 3 and 4 must all be apart.
    assert explain(pool, Rules(5, 5, 5)) == [
        "4 people are in one line-management chain (4 reports to 3 reports to 2 reports to 1) and must "
        "all be in different sets, but sizes 5–5 allow at most 2."
    ]


def test_a_pool_no_rule_rules_out_alone_is_proven_infeasible_and_nothing_is_formed():
    # Two sets of 5, at most 2 per organisation. X has 4 people, so each set takes exactly 2 of them;
    # 1 manages 2, 3 and 4, so whoever sits with 1 is someone 1 manages. No obvious obstacle.
    x = [person(1, org="X")] + [person(i, org="X", manager=1) for i in (2, 3, 4)]
    y = [person(i, org="Y") for i in (5, 6, 7, 8)]
    pool = x + y + [person(9), person(10)]
    rules = Rules(5, 5, 2)
    assert explain(pool, rules) == []
    proposal = form_sets(pool, rules)
    assert proposal.sets == ()
    assert set(proposal.unplaced) == set(range(1, 11))
    assert "proven" in proposal.unplaced[1]
    assert greedy_sets(pool, rules).sets == ()


def test_check_sets_names_every_broken_rule():
    pool = [
        person(1, org="X"),
        person(2, org="X", manager=1),
        person(3, org="X", manager=2),
        person(4, slots=frozenset({"Tuesday afternoon"})),
        person(5),
        person(6),
    ]
    breaches = check_sets(
        pool, Rules(3, 4, 2), [("Monday morning", [1, 3, 4, 2]), ("Monday morning", [5, 77])]
    )
    assert breaches == [
        "Set 1 (Monday morning): 1 and 2 are in one line-management chain (2 reports to 1)",
        "Set 1 (Monday morning): 1 and 3 are in one line-management chain (3 reports to 2 reports to 1)",
        "Set 1 (Monday morning): 2 and 3 are in one line-management chain (3 reports to 2)",
        "Set 1 (Monday morning) has 3 people from X; at most 2 from one organisation",
        "Set 1 (Monday morning): 4 cannot make Monday morning",
        "Set 2 (Monday morning): 77 not in the pool",
        "Set 2 (Monday morning) has 2 people, fewer than the smallest set size of 3",
        "1 person not in any set: 6",
    ]
    assert check_sets(pool, Rules(3, 4, 2), [("Monday morning", [5])])[0] == (
        "Set 1 (Monday morning) has 1 person, fewer than the smallest set size of 3"
    )
    assert (
        "more than the largest set size of 2"
        in check_sets(pool, Rules(1, 2, 9), [("Monday morning", [1, 5, 6])])[0]
    )
    assert "5 is in more than one set" in check_sets(
        pool, Rules(1, 8, 9), [("Monday morning", [5]), ("Monday morning", [5])]
    )


def test_malformed_input_is_refused():
    try:
        form_sets([person(1), person(1)], Rules())
    except PoolError as error:
        assert error.reasons == ["person 1 is in the pool more than once"]
    else:
        raise AssertionError("a repeated id must be refused")


def test_the_solver_keeps_a_pool_greedy_cannot_place_whole():
    # Two times; 5 people can make only Tuesday, 5 only Monday, 5 either: sets of 5.
    tuesday = frozenset({"Tuesday afternoon"})
    pool = (
        [person(i, slots=tuesday) for i in range(1, 6)]
        + [person(i) for i in range(6, 11)]
        + [person(i, slots=BOTH) for i in range(11, 16)]
    )
    proposal = form_sets(pool, Rules(5, 5, 1))
    assert len(proposal.sets) == 3 and not proposal.unplaced
    assert check_sets(pool, Rules(5, 5, 1), proposal.sets) == []


def test_a_hand_move_that_breaks_a_rule_is_named():
    # 1 manages 2; a formation keeps them apart; moving 2 into 1's set is refused with the rule named.
    pool = [person(1, org="X"), person(2, org="X", manager=1)] + [person(i) for i in range(3, 9)]
    rules = Rules(4, 4, 2)
    proposal = form_sets(pool, rules)
    assert check_sets(pool, rules, proposal.sets) == []
    (slot_a, a), (slot_b, b) = proposal.sets
    with_1, without_1 = (
        ((slot_a, list(a)), (slot_b, list(b))) if 1 in a else ((slot_b, list(b)), (slot_a, list(a)))
    )
    with_1[1].append(2)
    without_1[1].remove(2)
    moved = [with_1, without_1]
    assert check_sets(pool, rules, moved) == [
        "Set 1 (Monday morning) has 5 people, more than the largest set size of 4",
        "Set 1 (Monday morning): 1 and 2 are in one line-management chain (2 reports to 1)",
        "Set 2 (Monday morning) has 3 people, fewer than the smallest set size of 4",
    ]


def test_a_reporting_loop_in_bad_data_keeps_everyone_on_it_apart():
    # 1 reports to 2 and 2 reports to 1: the engine treats them as one chain rather than failing.
    pool = [person(1, manager=2), person(2, manager=1)] + [person(i) for i in range(3, 7)]
    rules = Rules(3, 3, 3)
    assert check_sets(pool, rules, [("Monday morning", [1, 2, 3]), ("Monday morning", [4, 5, 6])]) == [
        "Set 1 (Monday morning): 1 and 2 are in one line-management chain (1 reports to 2)"
    ]
    proposal = form_sets(pool, rules)
    assert len(proposal.sets) == 2
    assert all(not {1, 2} <= set(ids) for _, ids in proposal.sets)
