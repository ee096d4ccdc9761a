"""The statistics service, checked against figures worked out by hand (see the working in comments)."""

import pytest

from academy.evaluation import figures
from academy.evaluation.figures import (
    equality_breakdown,
    figure_as_json,
    goal_theme_figure,
    question_figure,
)
from academy.evaluation.models import AGREEMENT_OPTIONS, QuestionType


def agreement(counts: dict[str, int]) -> figures.QuestionFigure:
    return question_figure(
        code="apply_learning",
        text="I will be able to apply learning from this session to my job role",
        question_type=QuestionType.AGREEMENT_5,
        options=AGREEMENT_OPTIONS,
        counts=counts,
        base=sum(counts.values()),
    )


def test_seed_000_apply_learning_prints_62_strongly_38_agreed_100_percent():
    figure = agreement({"strongly_agree": 8, "agree": 5})
    assert figure.base == 13
    by_code = {option.code: option for option in figure.options}
    assert (by_code["strongly_agree"].percent, by_code["agree"].percent) == (62, 38)
    assert (figure.agree.count, figure.agree.base, figure.agree.percent) == (13, 13, 100)
    assert figure.summary == "62% strongly agreed, 38% agreed (100%) — 13 responses"


def test_seed_000_lead_and_influence_prints_46_46_and_92_from_counts():
    figure = agreement({"strongly_agree": 6, "agree": 6, "neither": 1})
    assert figure.summary.startswith("46% strongly agreed, 46% agreed (92%)")
    # 92% is 12/13 computed from the counts, with its base.
    assert (figure.agree.count, figure.agree.base, figure.agree.percent) == (12, 13, 92)


def test_combined_figure_comes_from_counts_not_from_adding_rounded_parts():
    # 1/3 strongly agree and 1/3 agree print as 33% + 33%, but together they are 2/3 = 67%, not 66%.
    figure = agreement({"strongly_agree": 1, "agree": 1, "disagree": 1})
    assert [o.percent for o in figure.options[:2]] == [33, 33]
    assert figure.agree.percent == 67


def test_would_recommend_is_yes_out_of_everyone_who_answered():
    figure = question_figure(
        code="recommend_practitioner",
        text="Would you recommend your mentor?",
        question_type=QuestionType.WOULD_RECOMMEND,
        options=[("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")],
        counts={"yes": 13, "no": 1, "not_sure": 1},
        base=15,
    )
    assert (figure.recommend.count, figure.recommend.base, figure.recommend.percent) == (13, 15, 87)
    assert figure.summary == "87% would recommend — 15 responses"


def test_one_word_answers_are_counted_ignoring_case_and_spacing():
    figure = question_figure(
        code="leadership_quality",
        text="One word",
        question_type=QuestionType.ONE_WORD,
        options=[],
        counts={},
        base=6,
        words=[
            "Compassion",
            " compassion ",
            "COMPASSION.",
            "courage",
            "forward   thinking",
            "Forward thinking",
        ],
    )
    assert [(w.word, w.count) for w in figure.words] == [
        ("compassion", 3),
        ("forward thinking", 2),
        ("courage", 1),
    ]


def test_equality_percentages_come_from_the_rounded_figures():
    breakdown = equality_breakdown(
        "Ethnic group",
        [("White", 41), ("Asian or Asian British", 13), ("Black or Black British", 3), ("Mixed", 0)],
    )
    # total 57 -> 55; White 41 -> 40 (40/55 = 72.7% -> 73); Asian 13 -> 15 (15/55 = 27.3% -> 27)
    assert breakdown.base_shown == "55"
    rows = {row.label: (row.shown, row.percent) for row in breakdown.rows}
    assert rows == {
        "White": ("40", 73),
        "Asian or Asian British": ("15", 27),
        "Black or Black British": ("*", None),
        "Mixed": ("0", 0),
    }


def test_a_group_of_seven_or_fewer_in_total_shows_nothing():
    breakdown = equality_breakdown("Disability", [("Yes", 2), ("No", 5)])
    assert breakdown.base_shown == "*"
    assert [row.shown for row in breakdown.rows] == ["*", "*"]


def test_goal_theme_counts_improvement_median_and_runs_the_paired_test():
    # before -> after: differences 4, 4, 0, 4, 3, 3, 3; sorted 0,3,3,3,4,4,4 -> median 3
    pairs = [(3, 7), (4, 8), (5, 5), (2, 6), (6, 9), (4, 7), (5, 8)]
    figure = goal_theme_figure("Leading and managing change", pairs)
    assert (figure.base, figure.improved, figure.unchanged, figure.worse) == (7, 6, 1, 0)
    assert figure.improved_percent == 86  # 6/7 = 85.71%
    assert figure.median_change == "3"
    assert figure.median_before == "4"  # 2,3,4,4,5,5,6
    assert figure.median_after == "7"  # 5,6,7,7,8,8,9
    assert figure.test == "Wilcoxon signed-rank"
    assert figure.nonzero_differences == 6
    # six positive differences: no negative ranks, exact two-sided p = 2/2^6 = 0.03125
    assert figure.statistic == 0.0
    assert figure.p_value == 0.0313


def test_goal_theme_with_fewer_than_six_changes_says_too_few_to_test():
    figure = goal_theme_figure("Achieving a better work life balance", [(4, 6), (5, 6), (7, 6), (5, 5)])
    assert (figure.improved, figure.worse, figure.unchanged) == (2, 1, 1)
    assert figure.improved_percent == 50
    assert figure.median_change == "0.5"  # differences -1, 0, 1, 2
    assert figure.test == "too few to test"
    assert figure.p_value is None


def test_figures_serialise_the_same_way_every_time():
    first = figure_as_json(agreement({"strongly_agree": 8, "agree": 5}))
    second = figure_as_json(agreement({"agree": 5, "strongly_agree": 8}))
    assert first == second
    assert '"base":13' in first


@pytest.mark.django_db
def test_equality_reach_of_an_offer_is_suppressed_and_audited():
    from academy.core.models import AuditEntry
    from academy.evaluation.selectors import equality_reach_for_offer
    from academy.people.models import EqualityRecord
    from tests.evaluation.helpers import attended_session
    from tests.factories import programme_manager

    session, people = attended_session(20)
    for person in people[:12]:
        EqualityRecord.objects.create(person=person, ethnic_category="A")
    for person in people[12:15]:
        EqualityRecord.objects.create(person=person, ethnic_category="H")
    manager = programme_manager(session.cohort.offer.academy)
    breakdown = equality_reach_for_offer(
        user=manager, pk=session.cohort.offer_id, characteristic="ethnic_category"
    )
    rows = {row.label: row.shown for row in breakdown.rows}
    # 20 people -> 20; White British 12 -> 10 (50%); Indian 3 -> *; not declared 5 -> *
    assert breakdown.base_shown == "20"
    assert rows["White - British"] == "10"
    assert rows["Asian or Asian British - Indian"] == "*"
    assert rows["Not declared"] == "*"
    assert rows["Mixed - White and Asian"] == "0"
    assert {row.label: row.percent for row in breakdown.rows}["White - British"] == 50
    assert AuditEntry.objects.filter(action="evaluation.equality.aggregate_read").count() == 1
