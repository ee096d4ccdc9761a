"""The pages and the API: the same rules, and the minimum-rater rule in every page, export and answer."""

import pytest
from django.test import Client

from academy.feedback360 import services
from academy.feedback360.models import Assessment, Invitation
from tests.coaching.helpers import active
from tests.factories import PersonFactory
from tests.feedback360.helpers import academy_with_statements, all_at, answered, invite, rate_self, start

pytestmark = pytest.mark.django_db

HIDDEN = "Only the direct report wrote this"


def _client(user: object | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def _four_peers_one_direct_report() -> tuple[Assessment, list]:
    assessment = start()
    rate_self(assessment, 2)
    peers = [answered(assessment, "peer", level, comment=f"Peer says {level}") for level in (1, 2, 3, 4)]
    answered(assessment, "direct_report", 4, comment=HIDDEN)
    services.assessment_close(assessment=assessment, by=assessment.participant.user)
    return assessment, peers


def _every_output(client: Client, pk: int) -> dict[str, bytes]:
    return {
        "page": client.get(f"/360/{pk}/report/").content,
        "csv": client.get(f"/360/{pk}/report.csv").content,
        "api": client.get(f"/api/v1/feedback360/reports/{pk}/").content,
        "api list": client.get("/api/v1/feedback360/reports/").content,
    }


def test_the_hidden_direct_report_is_in_no_page_export_or_api_answer_even_after_a_withdrawal() -> None:
    assessment, peers = _four_peers_one_direct_report()
    client = _client(assessment.participant.user)
    outputs = _every_output(client, assessment.pk)
    for name, body in outputs.items():
        assert HIDDEN.encode() not in body, name
        assert b"Peer says 3" in body or name == "csv", name
    assert b"Direct reports" in outputs["page"]  # said to be hidden, without its answers
    assert b"Peers (4 raters" in outputs["csv"]
    pdf = client.get(f"/360/{assessment.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    services.rater_withdraw(token=peers[0].token)
    for name, body in _every_output(client, assessment.pk).items():
        assert b"Peer says" not in body and HIDDEN.encode() not in body, name
        # the peers' column went with them, not recomputed from three
        assert b"Peers (" not in body and b'"key":"peer"' not in body, name


def test_a_participant_runs_a_360_through_the_pages() -> None:
    academy = academy_with_statements()
    me = PersonFactory()
    client = _client(me.user)
    response = client.post("/360/new/", {"academy": academy.pk, "title": "Spring 360"})
    assessment = Assessment.objects.get(participant=me)
    assert response.url == f"/360/{assessment.pk}/"
    ratings = {f"s{pk}": 2 for pk in assessment.statements}
    assert client.post(f"/360/{assessment.pk}/self/", ratings).status_code == 302
    response = client.post(f"/360/{assessment.pk}/raters/new/", {"group": "peer", "email": me.email})
    assert b"You cannot invite yourself" in response.content and b"nhsuk-error-summary" in response.content
    client.post(f"/360/{assessment.pk}/raters/new/", {"group": "peer", "email": "p1@example.nhs.uk"})
    response = client.post(
        f"/360/{assessment.pk}/raters/new/", {"group": "peer", "email": "p1@example.nhs.uk"}
    )
    assert b"already invited p1@example.nhs.uk in this group" in response.content
    invitation = Invitation.objects.get(email="p1@example.nhs.uk")
    token = services.invitation_token(invitation)
    rater = Client()
    page = rater.get(f"/360/rate/{token}/")
    assert page.status_code == 200 and b"Leading with care" in page.content
    missing = rater.post(f"/360/rate/{token}/", {})
    assert b"nhsuk-error-summary" in missing.content
    done = rater.post(f"/360/rate/{token}/", {**ratings, "c_leading_with_care": "Kind"})
    assert b"Thank you for your feedback" in done.content
    again = rater.post(f"/360/rate/{token}/", ratings)
    assert again.status_code == 409 and b"already been used" in again.content
    assert rater.get("/360/rate/not-a-token/").status_code == 404
    client.post(f"/360/{assessment.pk}/close/")
    report = client.get(f"/360/{assessment.pk}/report/")
    assert b"Kind" not in report.content  # one peer: below the minimum
    assert b"No group of raters reached 3 answers" in report.content


def test_sharing_from_the_pages_lets_the_coach_read_until_revoked() -> None:
    relationship = active(academy_with_statements())
    assessment = start(relationship.request.academy, participant=relationship.requester)
    services.assessment_close(assessment=assessment, by=assessment.participant.user)
    owner, coach = _client(relationship.requester.user), _client(relationship.practitioner.person.user)
    assert coach.get(f"/360/{assessment.pk}/report/").status_code == 404
    owner.post(f"/360/{assessment.pk}/share/", {"relationship": relationship.pk})
    assert coach.get(f"/360/{assessment.pk}/report/").status_code == 200
    assert coach.get(f"/api/v1/feedback360/reports/{assessment.pk}/").status_code == 200
    assert b"Reports shared with you" in coach.get("/360/").content
    share = assessment.shares.get()
    owner.post(f"/360/shares/{share.pk}/revoke/")
    assert coach.get(f"/360/{assessment.pk}/report/").status_code == 404
    assert coach.get(f"/api/v1/feedback360/reports/{assessment.pk}/").status_code == 404


def test_the_api_runs_a_360_and_answers_bad_input_with_field_details() -> None:
    academy = academy_with_statements()
    me = PersonFactory()
    api = _client(me.user)
    made = api.post(
        "/api/v1/feedback360/assessments/", {"academy": academy.pk}, content_type="application/json"
    )
    assert made.status_code == 201
    pk = made.json()["id"]
    statements = made.json()["statements"]
    body = {"ratings": {str(s): 3 for s in statements}}
    assert (
        api.post(
            f"/api/v1/feedback360/assessments/{pk}/self-rating/", body, content_type="application/json"
        ).status_code
        == 200
    )
    bad = api.post(
        f"/api/v1/feedback360/assessments/{pk}/raters/",
        {"group": "peer", "email": me.email},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "email" in bad.json()
    ok = api.post(
        f"/api/v1/feedback360/assessments/{pk}/raters/",
        {"group": "peer", "email": "r@example.org"},
        content_type="application/json",
    )
    assert ok.status_code == 201
    token = services.invitation_token(Invitation.objects.get(pk=ok.json()["id"]))
    anonymous = Client()
    assert anonymous.get(f"/api/v1/feedback360/raters/{token}/").json()["status"] == "open"
    sent = anonymous.post(
        f"/api/v1/feedback360/raters/{token}/answers/", body, content_type="application/json"
    )
    assert sent.status_code == 201
    twice = anonymous.post(
        f"/api/v1/feedback360/raters/{token}/answers/", body, content_type="application/json"
    )
    assert twice.status_code == 409 and "already been used" in twice.json()["token"][0]
    incomplete = {"ratings": {str(statements[0]): 3}}
    _, other = invite(Assessment.objects.get(pk=pk), "other")
    assert (
        anonymous.post(
            f"/api/v1/feedback360/raters/{other}/answers/", incomplete, content_type="application/json"
        ).status_code
        == 400
    )
    assert api.post(f"/api/v1/feedback360/assessments/{pk}/close/").status_code == 200
    report = api.get(f"/api/v1/feedback360/reports/{pk}/").json()
    assert report["columns"] == [] and report["hidden"] == ["Peers"]
    assert all(set(d["values"]) == set() for d in report["dimensions"])
    assert all_at  # helpers stay importable


def test_the_programme_team_sets_the_minimum_through_the_api_and_it_holds_from_the_next_closing() -> None:
    from tests.factories import programme_manager

    academy = academy_with_statements()
    pm = _client(programme_manager(academy))
    assert (
        pm.patch(
            f"/api/v1/feedback360/academies/{academy.pk}/", {"min_raters": 1}, content_type="application/json"
        ).status_code
        == 400
    )
    assert pm.patch(
        f"/api/v1/feedback360/academies/{academy.pk}/", {"min_raters": 4}, content_type="application/json"
    ).json() == {"min_raters": 4}
    assessment = start(academy)
    for _ in range(3):
        answered(assessment, "peer")
    services.assessment_close(assessment=assessment, by=assessment.participant.user)
    assessment.refresh_from_db()
    assert assessment.report["columns"] == [] and assessment.report["min_raters"] == 4
