"""The compiled suite's "Coaching and mentoring" page: hub figures as of the period's end, recommend
rates and agreement statements with their bases, goal progress by theme, checked by hand."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from academy.coaching import services
from academy.coaching.models import Relationship
from academy.evaluation import reports
from academy.evaluation.models import Invitation
from academy.evaluation.services.responses import response_submit
from academy.reporting.periods import Period
from tests.coaching.helpers import CHANGE, RESILIENCE, ask, practitioner
from tests.factories import OfferFactory, programme_manager

pytestmark = pytest.mark.django_db

AGREE = {
    "insights": "agree",
    "valuable_time": "strongly_agree",
    "important_goals": "agree",
    "skilful_support": "agree",
}


def _closed(academy, profile, kind: str, goals: list[tuple[str, int, int]]) -> Relationship:  # noqa: ANN001
    request = ask(academy, kind=kind)
    relationship = services.browse_choose(request=request, profile=profile, by=request.person.user)
    services.relationship_accept(relationship=relationship, by=profile.person.user)
    services.relationship_contract(
        relationship=relationship, by=request.person.user, sessions_agreed=1, session_minutes=60
    )
    me = request.person.user
    made = [
        (
            services.relationship_goal_add(
                relationship=relationship, by=me, theme=t, text="Mine", rating_before=b
            ),
            a,
        )
        for t, b, a in goals
    ]
    services.session_log(relationship=relationship, by=me, held_on=timezone.localdate(), minutes=60)
    for goal, after in made:
        services.relationship_goal_rate(relationship=relationship, goal=goal, by=me, rating=after)
    return services.relationship_close(relationship=relationship, by=me, reason="completed")


def _answer(relationship: Relationship, **answers: str) -> None:
    invitation = Invitation.objects.get(person=relationship.requester)
    response_submit(survey=invitation.survey, person=relationship.requester, answers=answers)


def test_the_coaching_page_prints_hub_figures_and_feedback_with_bases_as_worked_out_by_hand() -> None:
    offer = OfferFactory()
    academy = offer.academy
    manager = programme_manager(academy)
    coach = practitioner(academy, kind="coach", capacity=10)
    mentor = practitioner(academy, kind="mentor", capacity=10)
    coaching = [_closed(academy, coach, "coaching", [(CHANGE, 3, 7)]) for _ in range(6)]
    # Six coachees answer: five would recommend their coach, all six coaching, four the hub.
    for n, relationship in enumerate(coaching):
        _answer(
            relationship,
            recommend_practice="yes",
            recommend_practitioner="yes" if n < 5 else "not_sure",
            recommend_hub="yes" if n < 4 else "no",
            **(AGREE if n else {**AGREE, "insights": "disagree"}),
        )
    # Two mentoring relationships, goals 5 -> 5 and 4 -> 8 on resilience; one answer: under the minimum.
    mentoring = [_closed(academy, mentor, "mentoring", [(RESILIENCE, b, a)]) for b, a in ((5, 5), (4, 8))]
    _answer(
        mentoring[0], recommend_practice="yes", recommend_practitioner="yes", recommend_hub="yes", **AGREE
    )
    ask(academy, kind="coaching")  # an open request: a seventh coachee, no relationship

    today = timezone.localdate()
    suite = reports.suite_build(
        user=manager, offer_ids=[offer.pk], period=Period(start=today - dt.timedelta(days=30), end=today)
    )
    [page] = suite.pages
    assert page.hub.as_of == today
    assert (page.hub.coaches, page.hub.coachees, page.hub.mentors, page.hub.mentees) == (1, 7, 1, 2)
    coaching_kind, mentoring_kind = page.kinds
    assert (coaching_kind.closed, coaching_kind.responses) == (6, 6)
    recommend = {f.code: (f.share.count, f.share.base, f.share.percent) for f in coaching_kind.recommend}
    assert recommend == {
        "recommend_practice": (6, 6, 100),
        "recommend_practitioner": (5, 6, 83),  # 83.3%
        "recommend_hub": (4, 6, 67),  # 66.7%
    }
    agree = {f.code: (f.share.count, f.share.base, f.share.percent) for f in coaching_kind.agreement}
    assert agree["insights"] == (5, 6, 83) and agree["valuable_time"] == (6, 6, 100)
    [change] = coaching_kind.goals
    assert (change.theme, change.base, change.improved, change.improved_percent) == (CHANGE, 6, 6, 100)
    # The mentoring round has one answer: left out whole, and said so.
    assert (mentoring_kind.closed, mentoring_kind.responses, mentoring_kind.rounds) == (2, 0, 0)
    assert mentoring_kind.recommend == [] and "1 response" in mentoring_kind.withheld
    assert "fewer than 5" in mentoring_kind.withheld
    [resilience] = mentoring_kind.goals
    assert (resilience.base, resilience.improved, resilience.improved_percent) == (2, 1, 50)

    # The suite's CSV and Excel downloads carry the page's figures as printed.
    from academy.evaluation import exports
    from academy.reporting.exports import to_csv, to_xlsx

    tables = {t.key: t for t in exports.suite_tables(suite)}
    feedback = tables[f"{page.key}-coaching-feedback"]
    assert ["would recommend their coach", 5, 6, "83%"] in feedback.rows
    assert tables[f"{page.key}-hub"].rows[0] == ["Registered coaches", 1]
    assert "fewer than 5" in tables[f"{page.key}-mentoring-feedback"].rows[2][0]
    assert tables[f"{page.key}-coaching-goals"].rows == [[CHANGE, 6, 6, "100%", "3", "7"]]
    csv_text = to_csv(list(tables.values())).decode("utf-8-sig")
    assert "would recommend their coach,5,6,83%" in csv_text
    assert to_xlsx(list(tables.values())).startswith(b"PK")

    html = reports.print_html(suite=suite)
    assert "Coaching and mentoring hub" in html and f"As of {today.day}" in html
    assert "83%" in html and "would recommend their coach" in html.lower()
    assert "fewer than 5 responses left out" in html
    # An earlier period: the hub as of its end, before anyone registered, prints no page.
    before = Period(start=today - dt.timedelta(days=400), end=today - dt.timedelta(days=300))
    assert reports.suite_build(user=manager, offer_ids=[offer.pk], period=before).pages == []

    pdf = reports.pdf_bytes(html)
    assert pdf.startswith(b"%PDF")
    (Path(tempfile.gettempdir()) / "coaching-suite-page.pdf").write_bytes(pdf)  # to look at it
