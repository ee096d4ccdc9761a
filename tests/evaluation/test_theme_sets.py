"""Theme runs over stored answers, and people's edits to them (rename, merge, split, move)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from academy.evaluation.models import Answer, Theme, ThemeMembership, ThemeSet
from academy.evaluation.selectors import theme_summary
from academy.evaluation.services import (
    answer_move,
    theme_merge,
    theme_rename,
    theme_split,
    themeset_create,
    themeset_store_result,
)
from academy.evaluation.themes.runner import run_theme_set
from tests.evaluation.helpers import answer, attended_session, invite_all, open_survey

pytestmark = pytest.mark.django_db

WRITTEN = [
    "Listening to others and making my voice heard",
    "Listening more carefully to my team",
    "Active listening in meetings",
    "Collaboration across the system",
    "Working collaboratively with partners across the system",
    "Collaborating with local authority colleagues",
    "No comment",
]


@pytest.fixture
def survey_with_answers():
    session, _ = attended_session(len(WRITTEN))
    survey = open_survey(session)
    for n, (token, text) in enumerate(zip(invite_all(survey), WRITTEN, strict=True)):
        answer(token, influence=text, testimony=text, _consents=["testimony"] if n % 2 == 0 else [])
    return survey


def stored(survey, groups: list[list[int]]) -> ThemeSet:
    """A theme set with themes as given (lists of positions in WRITTEN), as if the engine had found them."""
    ids = list(
        Answer.objects.filter(question__code="testimony", response__survey=survey)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    theme_set = ThemeSet.objects.create(
        title="Testimony", offer=survey.offer, survey=survey, question_code="testimony"
    )
    themes = [
        {"label": f"Theme {n}", "answer_ids": [ids[i] for i in group]} for n, group in enumerate(groups)
    ]
    return themeset_store_result(theme_set=theme_set, themes=themes, method="test")


def test_a_theme_run_puts_every_answer_in_exactly_one_theme(survey_with_answers):
    theme_set = themeset_create(
        offer=survey_with_answers.offer, survey=survey_with_answers, question_code="influence", by=None
    )
    assert run_theme_set(theme_set) == "done"
    theme_set.refresh_from_db()
    assert theme_set.status == ThemeSet.Status.DONE and theme_set.progress == 100
    members = list(ThemeMembership.objects.filter(theme_set=theme_set).values_list("answer__text", flat=True))
    assert sorted(members) == sorted(WRITTEN)
    non_answer = theme_set.themes.get(is_non_answer=True)
    assert list(non_answer.memberships.values_list("answer__text", flat=True)) == ["No comment"]


def test_a_run_with_no_written_answers_is_refused(survey_with_answers):
    with pytest.raises(ValidationError):
        themeset_create(offer=survey_with_answers.offer, question_code="key_takeaway", by=None)


def test_renaming_merging_splitting_and_moving(survey_with_answers):
    theme_set = stored(survey_with_answers, [[0, 1, 2], [3, 4, 5], [6]])
    first, second, third = theme_set.themes.order_by("order")
    theme_rename(theme=first, label="Listening", by=None)
    assert Theme.objects.get(pk=first.pk).label == "Listening"
    assert Theme.objects.get(pk=first.pk).found_label == "Theme 0"

    new = theme_split(
        theme=second,
        answer_ids=list(second.memberships.values_list("answer_id", flat=True))[:1],
        label="Partners",
        by=None,
    )
    assert (second.memberships.count(), new.memberships.count()) == (2, 1)

    merged = theme_merge(themes=[second, new], label="Collaboration", by=None)
    assert merged.memberships.count() == 3 and not Theme.objects.filter(pk=new.pk).exists()

    moved = third.memberships.get().answer_id
    answer_move(theme_set=theme_set, answer_id=moved, to_theme=first, by=None)
    assert first.memberships.count() == 4
    assert not Theme.objects.filter(pk=third.pk).exists()  # an emptied theme goes


def test_an_answer_cannot_sit_in_two_themes_of_one_set(survey_with_answers):
    theme_set = stored(survey_with_answers, [[0], [1]])
    first, second = theme_set.themes.order_by("order")
    answer_id = first.memberships.get().answer_id
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemeMembership.objects.create(theme_set=theme_set, theme=second, answer_id=answer_id)


def test_theme_summary_quotes_only_consenting_authors_by_role_and_sector(survey_with_answers):
    theme_set = stored(survey_with_answers, [[0, 1, 2, 3], [4, 5]])
    summary = theme_summary(theme_set=theme_set)
    assert [(t["size"], t["base"], t["percent"]) for t in summary] == [(4, 6, 67), (2, 6, 33)]
    quoted = [q["text"] for t in summary for q in t["quotes"]]
    assert quoted == [WRITTEN[0], WRITTEN[2], WRITTEN[4]]  # answers 0, 2, 4 consented
    assert summary[0]["quotes"][0]["attribution"] == "Band 7, NHS"


def test_the_programme_team_edits_themes_through_the_api(survey_with_answers):
    from rest_framework.test import APIClient

    from tests.factories import facilitator, programme_manager

    theme_set = stored(survey_with_answers, [[0, 1, 2], [3, 4, 5]])
    first, second = theme_set.themes.order_by("order")
    api = APIClient()
    api.force_authenticate(programme_manager(survey_with_answers.offer.academy))
    url = f"/api/v1/theme-sets/{theme_set.pk}/edit/"
    renamed = api.post(url, {"operation": "rename", "theme": first.pk, "label": "Listening"}, format="json")
    assert renamed.status_code == 200
    assert [t["label"] for t in renamed.json()["themes"]] == ["Listening", "Theme 1"]
    merged = api.post(url, {"operation": "merge", "themes": [first.pk, second.pk]}, format="json")
    assert [len(t["answers"]) for t in merged.json()["themes"]] == [6]
    assert api.post(url, {"operation": "merge", "themes": 5}, format="json").status_code == 400
    assert (
        api.post(url, {"operation": "rename", "theme": 999999, "label": "x"}, format="json").status_code
        == 400
    )
    outsider = APIClient()
    outsider.force_authenticate(facilitator(survey_with_answers.offer.delivery_partner))
    assert (
        outsider.post(
            url, {"operation": "rename", "theme": first.pk, "label": "x"}, format="json"
        ).status_code
        == 404
    )


def test_another_academys_team_asking_for_themes_is_refused_for_access(survey_with_answers):
    from rest_framework.test import APIClient

    from tests.factories import CohortFactory, programme_manager

    other = APIClient()
    other.force_authenticate(programme_manager(CohortFactory().offer.academy))
    refused = other.post(
        "/api/v1/theme-sets/",
        {
            "title": "Influence",
            "offer": survey_with_answers.offer_id,
            "survey": survey_with_answers.pk,
            "question_code": "influence",
        },
        format="json",
    )
    assert refused.status_code == 403  # not "choose an offer your academy runs" (bad input)
    assert not ThemeSet.objects.exists()


def unassigned_last(survey):
    """A stored run whose unassigned group (the engine's last theme) holds three answers, more than either
    theme: it is still listed after them."""
    ids = list(
        Answer.objects.filter(question__code="testimony", response__survey=survey)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    theme_set = ThemeSet.objects.create(
        title="Testimony", offer=survey.offer, survey=survey, question_code="testimony"
    )
    found = [
        {"label": "Listening", "answer_ids": ids[0:2]},
        {"label": "Collaboration", "answer_ids": ids[2:4]},
        {"label": "Not close to any theme", "answer_ids": ids[4:7], "is_unassigned": True},
    ]
    return themeset_store_result(theme_set=theme_set, themes=found, method="embedding-graph")


def test_the_unassigned_group_is_stored_as_such_and_listed_last_whatever_its_size(survey_with_answers):
    theme_set = unassigned_last(survey_with_answers)

    summary = theme_summary(theme_set=theme_set)

    assert [(t["label"], t["size"], t["is_unassigned"]) for t in summary] == [
        ("Listening", 2, False),
        ("Collaboration", 2, False),
        ("Not close to any theme", 3, True),
    ]


def test_the_report_prints_the_unassigned_group_last_and_does_not_count_it_as_a_theme(survey_with_answers):
    from academy.evaluation.reports import offer_report
    from tests.factories import programme_manager

    unassigned_last(survey_with_answers)
    manager = programme_manager(survey_with_answers.offer.academy)

    report = offer_report(user=manager, pk=survey_with_answers.offer_id)

    (group,) = [g for g in report.themes if g.question_code == "testimony"]
    assert [(t.label, t.size, t.unassigned) for t in group.themes] == [
        ("Listening", 2, False),
        ("Collaboration", 2, False),
        ("Not close to any theme", 3, True),
    ]
    assert group.theme_count == 2
    assert group.themes[-1].quotes == []  # leftovers are not quoted as if they were a theme


def test_renaming_the_unassigned_group_makes_it_a_theme_and_merging_it_into_one_too(survey_with_answers):
    theme_set = unassigned_last(survey_with_answers)
    listening, _collaboration, leftovers = theme_set.themes.order_by("is_unassigned", "order")

    theme_merge(themes=[leftovers, listening], by=None)
    assert not Theme.objects.get(pk=leftovers.pk).is_unassigned

    again = unassigned_last(survey_with_answers)
    leftovers = again.themes.get(is_unassigned=True)
    theme_rename(theme=leftovers, label="Curiosity", by=None)
    assert not Theme.objects.get(pk=leftovers.pk).is_unassigned
