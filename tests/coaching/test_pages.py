"""The hub's pages, as the people who use them."""

import pytest
from django.test import Client
from django.utils import timezone

from academy.coaching.models import MatchingRun, PractitionerProfile, Relationship, Request, ShortlistEntry
from academy.evaluation.standard import GOAL_THEMES
from tests.coaching.helpers import CHANGE, ask, hub_administrator, practitioner
from tests.factories import AcademyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def test_ask_get_a_shortlist_choose_accept_log_sessions_and_close() -> None:
    academy = AcademyFactory()
    admin = hub_administrator(academy)
    coaches = [practitioner(academy, specialisms=[CHANGE], capacity=1) for _ in range(4)]
    requester = PersonFactory()
    me = client_for(requester.user)

    response = me.post(
        "/coaching/requests/new/",
        {
            "kind": "coaching",
            "goal_1_theme": CHANGE,
            "goal_1_text": "Lead my team through a merger",
            "preferred_format": "either",
            "minimum_experience_years": "0",
        },
    )
    request = Request.objects.get(person=requester)
    assert response.status_code == 302 and request.status == Request.Status.OPEN

    hub = client_for(admin)
    response = hub.post(f"/coaching/hub/runs/new/?academy={academy.pk}", {"kind": "coaching"})
    run = MatchingRun.objects.get(academy=academy)
    assert response["Location"] == f"/coaching/hub/runs/{run.pk}/"
    page = hub.get(f"/coaching/hub/runs/{run.pk}/").content.decode()
    assert "Matched" in page and "All kept" in page
    hub.post(f"/coaching/hub/runs/{run.pk}/review/")
    hub.post(f"/coaching/hub/runs/{run.pk}/publish/")
    assert MatchingRun.objects.get(pk=run.pk).status == "published"

    page = me.get(f"/coaching/requests/{request.pk}/").content.decode()
    entries = list(ShortlistEntry.objects.filter(request=request).order_by("rank"))
    assert len(entries) == 3 and "Your shortlist" in page
    assert all(e.practitioner.person.full_name in page for e in entries)
    response = me.post(f"/coaching/requests/{request.pk}/choose/", {"entry": entries[0].pk})
    relationship = Relationship.objects.get(request=request)
    assert response["Location"] == f"/coaching/relationships/{relationship.pk}/"

    coach = client_for(relationship.practitioner.person.user)
    coach.post(f"/coaching/relationships/{relationship.pk}/respond/", {"decision": "accept"})
    coach.post(
        f"/coaching/relationships/{relationship.pk}/contract/",
        {"sessions_agreed": "4", "session_minutes": "60"},
    )
    today = timezone.localdate()
    held = {
        "held_on_day": today.day,
        "held_on_month": today.month,
        "held_on_year": today.year,
        "minutes": "60",
    }
    coach.post(f"/coaching/relationships/{relationship.pk}/sessions/new/", {**held, "note": "Our first talk"})
    me.post(f"/coaching/relationships/{relationship.pk}/sessions/new/", held)
    page = me.get(f"/coaching/relationships/{relationship.pk}/").content.decode()
    assert "4 sessions of 60 minutes" in page and "Our first talk" in page
    me.post(f"/coaching/relationships/{relationship.pk}/close/", {"reason": "completed"})
    relationship.refresh_from_db()
    assert relationship.status == "closed" and relationship.sessions.count() == 2
    assert PractitionerProfile.objects.get(pk=relationship.practitioner_id).active_count == 0
    assert coaches  # four coaches, capacity one each: three on the shortlist, none offered twice


def test_a_request_with_missing_fields_gets_messages_beside_them() -> None:
    me = client_for(PersonFactory().user)
    AcademyFactory()
    page = me.post("/coaching/requests/new/", {"kind": "coaching", "goal_1_theme": "", "goal_1_text": ""})
    html = page.content.decode()
    assert page.status_code == 200 and "nhsuk-error-summary" in html
    assert 'id="id_goal_1_text-error"' in html or "goal_1_text" in html


def test_a_profile_with_contradictory_fields_gets_messages_beside_them() -> None:
    AcademyFactory()
    me = client_for(PersonFactory().user)
    page = me.post(
        "/coaching/profile/",
        {
            "kind": "coach",
            "specialisms": [GOAL_THEMES[0]],
            "delivery_format": "in_person",
            "years_experience": "5",
            "capacity": "2",
            "published": "on",
        },
    )
    html = page.content.decode()
    assert "Choose the region where you can meet in person." in html
    assert "Enter your accrediting body before you publish your coaching profile." in html
    assert not PractitionerProfile.objects.exists()


def test_browsing_never_lists_someone_in_my_chain() -> None:
    academy = AcademyFactory()
    manager = PersonFactory()
    me = PersonFactory(line_manager=manager, organisation=manager.organisation)
    boss = practitioner(academy, person=manager, allows_own_organisation=True)
    outsider = practitioner(academy)
    request = ask(academy, person=me, allows_own_organisation=True)
    page = client_for(me.user).get(f"/coaching/requests/{request.pk}/browse/").content.decode()
    assert outsider.person.full_name in page and boss.person.full_name not in page


def test_browsing_a_large_hub_comes_ten_to_a_page_and_filters_by_goal() -> None:
    academy = AcademyFactory()
    me = PersonFactory()
    team = [
        practitioner(
            academy, person=PersonFactory(family_name=f"Coach{n:02d}"), specialisms=[GOAL_THEMES[n % 2]]
        )
        for n in range(12)
    ]
    request = ask(academy, person=me)
    client = client_for(me.user)
    url = f"/coaching/requests/{request.pk}/browse/"

    first, second = (client.get(url, {"page": n}).content.decode() for n in (1, 2))
    assert "12 in all, 1 to 10 here" in first and 'aria-label="Page 2"' in first
    assert team[9].person.full_name in first and team[10].person.full_name not in first
    assert team[10].person.full_name in second

    filtered = client.get(url, {"theme": GOAL_THEMES[1]}).content.decode()
    assert "6 in all" in filtered
    assert team[1].person.full_name in filtered and team[0].person.full_name not in filtered


def test_the_hub_administrator_verifies_evidence_and_changes_weights() -> None:
    academy = AcademyFactory()
    admin = client_for(hub_administrator(academy))
    profile = practitioner(academy, verified=False)
    profile.accreditation_evidence.name = "coaching/accreditation/certificate.pdf"
    profile.save()
    assert profile.person.full_name in admin.get(f"/coaching/hub/?academy={academy.pk}").content.decode()
    admin.post(f"/coaching/hub/profiles/{profile.pk}/verify/")
    assert PractitionerProfile.objects.get(pk=profile.pk).accreditation_verified
    response = admin.post(
        f"/coaching/hub/weights/?academy={academy.pk}",
        {"goals": "11", "sector": "2", "role_level": "2", "format": "1", "experience": "1"},
    )
    assert "nhsuk-error-summary" in response.content.decode()


def test_a_person_excludes_and_removes_people_on_the_exclusions_page() -> None:
    from academy.coaching.models import Exclusion

    academy = AcademyFactory()
    me = PersonFactory()
    coach = practitioner(academy, person=PersonFactory(given_name="Robin", family_name="Avery"))
    other = PersonFactory(given_name="Sam", family_name="Blake", email="sam.blake@nhs.example")
    client = client_for(me.user)
    page = client.get("/coaching/exclusions/").content.decode()
    assert "You have not added anyone" in page and "Robin Avery" in page  # offered in the list
    client.post("/coaching/exclusions/", {"practitioner": coach.pk})
    client.post("/coaching/exclusions/", {"email": "Sam.Blake@nhs.example"})
    assert set(Exclusion.objects.filter(person=me).values_list("excluded_id", flat=True)) == {
        coach.person_id,
        other.pk,
    }
    page = client.get("/coaching/exclusions/").content.decode()
    assert "Robin Avery" in page and "Sam Blake" in page
    # Nothing chosen, an unknown address, oneself: field-level errors
    empty = client.post("/coaching/exclusions/", {}).content.decode()
    assert "nhsuk-error-summary" in empty and "Choose a coach or mentor" in empty
    unknown = client.post("/coaching/exclusions/", {"email": "nobody@nhs.example"}).content.decode()
    assert "There is no one with this email address" in unknown
    mine = client.post("/coaching/exclusions/", {"email": me.email}).content.decode()
    assert "You cannot exclude yourself" in mine
    # The excluded coach is not offered when browsing
    request = ask(academy, person=me)
    assert "Robin Avery" not in client.get(f"/coaching/requests/{request.pk}/browse/").content.decode()
    # Removing: only one's own
    exclusion = Exclusion.objects.get(person=me, excluded=other)
    assert client_for(other.user).post(f"/coaching/exclusions/{exclusion.pk}/remove/").status_code == 404
    client.post(f"/coaching/exclusions/{exclusion.pk}/remove/")
    assert not Exclusion.objects.filter(pk=exclusion.pk).exists()
