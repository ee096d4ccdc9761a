"""Session notes are read by the pair only: not by the hub administrator, another practitioner, an
academy administrator or the Django admin; not in anyone's export but their author's; every read audited."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from academy.coaching import services
from academy.core.models import AuditEntry
from academy.people.services import person_export
from tests.coaching.helpers import active, hub_administrator, practitioner
from tests.factories import AcademyFactory, PersonFactory

pytestmark = pytest.mark.django_db
SECRET = "Talked about leaving the trust"


@pytest.fixture
def pair():  # noqa: ANN201
    academy = AcademyFactory()
    relationship = active(academy)
    services.session_log(
        relationship=relationship,
        by=relationship.practitioner.person.user,
        held_on=timezone.localdate(),
        minutes=60,
        note=SECRET,
    )
    superuser = PersonFactory(user__is_superuser=True, user__is_staff=True).user
    outsiders = {
        "hub administrator": hub_administrator(academy),
        "another practitioner": practitioner(academy).person.user,
        "administrator": superuser,
    }
    return relationship, outsiders


def _client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def test_the_pair_read_the_notes_on_the_page_and_in_the_api_and_each_read_is_audited(pair) -> None:  # noqa: ANN001
    relationship, _ = pair
    for user in (relationship.requester.user, relationship.practitioner.person.user):
        client = _client(user)
        assert SECRET in client.get(f"/coaching/relationships/{relationship.pk}/").content.decode()
        notes = client.get(f"/api/v1/coaching/relationships/{relationship.pk}/notes/").json()
        assert [n["text"] for n in notes] == [SECRET]
    assert AuditEntry.objects.filter(action="coaching.session_note.read").count() == 4


def test_no_one_else_reads_them_on_a_page_in_the_api_or_the_admin(pair) -> None:  # noqa: ANN001
    relationship, outsiders = pair
    for who, user in outsiders.items():
        client = _client(user)
        page = client.get(f"/coaching/relationships/{relationship.pk}/")
        assert SECRET not in page.content.decode(), who
        assert client.get(f"/api/v1/coaching/relationships/{relationship.pk}/notes/").status_code in (
            403,
            404,
        ), who
        sessions = client.get(f"/api/v1/coaching/relationships/{relationship.pk}/sessions/")
        assert SECRET not in sessions.content.decode(), who
    admin = _client(outsiders["administrator"])
    assert admin.get("/admin/coaching/sessionnote/").status_code == 404
    change = admin.get(f"/admin/coaching/relationship/{relationship.pk}/change/")
    assert change.status_code == 200 and SECRET not in change.content.decode()


def test_the_hub_administrator_sees_that_sessions_happened(pair) -> None:  # noqa: ANN001
    relationship, outsiders = pair
    client = _client(outsiders["hub administrator"])
    sessions = client.get(f"/api/v1/coaching/relationships/{relationship.pk}/sessions/").json()
    assert [(s["number"], s["minutes"]) for s in sessions] == [(1, 60)]
    assert "1</span>" in client.get(f"/coaching/relationships/{relationship.pk}/").content.decode()


def test_no_export_holds_the_note_text_not_even_an_administrators(pair) -> None:  # noqa: ANN001
    relationship, outsiders = pair
    coach, requester = relationship.practitioner.person, relationship.requester
    for person, by in ((coach, coach.user), (requester, requester.user), (coach, outsiders["administrator"])):
        exported = person_export(person=person, by=by)
        assert SECRET not in json.dumps(exported, default=str)
    assert person_export(person=coach, by=coach.user)["coaching_session_notes_written"] == 1
