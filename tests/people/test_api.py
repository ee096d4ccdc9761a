"""People API: reference lists, role-scoped people, your own details and equality answers, roles."""

import pytest
from rest_framework.test import APIClient

from academy.core.models import AuditEntry
from academy.people.models import EqualityRecord, Person, Role, RoleAssignment
from tests.factories import (
    AcademyFactory,
    CohortFactory,
    DeliveryPartnerFactory,
    ICSFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    booking,
    facilitator,
    grant,
    programme_manager,
)

from .factories import administrator, reporting_line

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- reference lists --------------------------------------------------------------------------


def test_reference_lists_need_a_login():
    for url in ("/api/v1/regions/", "/api/v1/systems/", "/api/v1/places/", "/api/v1/organisations/"):
        assert api().get(url).status_code in (401, 403)


def test_organisations_filter_by_system_type_sector_and_search_by_name_or_ods_code():
    ics_a, ics_b = ICSFactory(), ICSFactory()
    acute = OrganisationFactory(ics=ics_a, name="Norfolk and Norwich University Hospitals", ods_code="RM1")
    care_home = OrganisationFactory(ics=ics_a, org_type="care_home", sector="social_care", name="Oak House")
    other = OrganisationFactory(ics=ics_b, name="Mid and South Essex")
    client = api(PersonFactory().user)
    assert ids(client.get("/api/v1/organisations/", {"ics": ics_a.pk})) == {acute.pk, care_home.pk}
    assert ids(client.get("/api/v1/organisations/", {"type": "care_home"})) == {care_home.pk}
    assert ids(client.get("/api/v1/organisations/", {"sector": "social_care"})) == {care_home.pk}
    assert ids(client.get("/api/v1/organisations/", {"search": "norwich"})) == {acute.pk}
    assert ids(client.get("/api/v1/organisations/", {"search": "rm1"})) == {acute.pk}
    assert other.pk in ids(client.get("/api/v1/organisations/"))


def test_bad_filters_answer_400_with_the_field_named():
    client = api(PersonFactory().user)
    response = client.get("/api/v1/organisations/", {"ics": "abc", "type": "castle"})
    assert response.status_code == 400
    assert set(response.json()) == {"ics", "type"}
    assert client.get("/api/v1/places/", {"ics": "-1"}).status_code == 400
    assert client.get("/api/v1/systems/", {"region": "x"}).status_code == 400


def test_systems_and_places_are_listed_for_any_user():
    ics = ICSFactory(name="Norfolk and Waveney Integrated Care System")
    place = ics.places.create(name="Great Yarmouth and Waveney")
    client = api(PersonFactory().user)
    assert ics.pk in ids(client.get("/api/v1/systems/"))
    assert ids(client.get("/api/v1/places/", {"ics": ics.pk})) == {place.pk}
    assert client.get(f"/api/v1/systems/{ics.pk}/").json()["name"] == ics.name
    assert len(ids(client.get("/api/v1/regions/"))) == 1


# --- people, scoped by role -------------------------------------------------------------------


def test_a_participant_sees_only_themself_and_gets_404_for_anyone_else():
    me, colleague = PersonFactory(), PersonFactory()
    client = api(me.user)
    assert ids(client.get("/api/v1/people/")) == {me.pk}
    assert client.get(f"/api/v1/people/{me.pk}/").json()["email"] == me.email
    assert client.get(f"/api/v1/people/{colleague.pk}/").status_code == 404
    assert client.get("/api/v1/people/not-a-number/").status_code == 404


def test_a_programme_manager_sees_people_booked_on_their_academy_s_offers_only():
    academy = AcademyFactory()
    manager = programme_manager(academy)
    ours, theirs, nobody = PersonFactory(), PersonFactory(), PersonFactory()
    booking(CohortFactory(offer__academy=academy), ours)
    booking(CohortFactory(), theirs)
    client = api(manager)
    assert ids(client.get("/api/v1/people/")) == {manager.person.pk, ours.pk}
    assert client.get(f"/api/v1/people/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/people/{nobody.pk}/").status_code == 404


def test_a_facilitator_sees_people_booked_on_their_delivery_partner_s_cohorts():
    partner = DeliveryPartnerFactory()
    user = facilitator(partner)
    on_offer_of_partner, on_cohort_of_partner, elsewhere = PersonFactory(), PersonFactory(), PersonFactory()
    booking(CohortFactory(offer__delivery_partner=partner), on_offer_of_partner)
    booking(CohortFactory(delivery_partner=partner), on_cohort_of_partner)
    # A cohort handed to another partner is theirs, even on an offer this partner usually delivers.
    booking(
        CohortFactory(offer__delivery_partner=partner, delivery_partner=DeliveryPartnerFactory()), elsewhere
    )
    assert ids(api(user).get("/api/v1/people/")) == {
        user.person.pk,
        on_offer_of_partner.pk,
        on_cohort_of_partner.pk,
    }


def test_an_ics_od_lead_sees_people_in_their_system_s_organisations():
    ics = ICSFactory()
    lead = PersonFactory(organisation=OrganisationFactory(ics=ics))
    grant(lead.user, Role.ICS_OD_LEAD, ics=ics)
    inside = PersonFactory(organisation=OrganisationFactory(ics=ics))
    outside = PersonFactory()
    client = api(lead.user)
    assert ids(client.get("/api/v1/people/")) == {lead.pk, inside.pk}
    assert client.get(f"/api/v1/people/{outside.pk}/").status_code == 404


def test_the_total_counts_each_visible_person_once_whichever_rules_let_them_in():
    """The total is counted apart from the page (as a union of the rule's sets): it must agree with it."""
    academy, ics = AcademyFactory(), ICSFactory()
    manager = programme_manager(academy)
    grant(manager, Role.ICS_OD_LEAD, ics=ics)
    in_system = [PersonFactory(organisation=OrganisationFactory(ics=ics)) for _ in range(3)]
    booked_twice_and_in_system = in_system[0]
    booked = [PersonFactory() for _ in range(4)]
    for person in [*booked, booked_twice_and_in_system]:
        for _ in range(2):
            booking(CohortFactory(offer__academy=academy), person)
    PersonFactory.create_batch(2)  # neither booked nor in the system
    client = api(manager)
    visible = {manager.person.pk, *(p.pk for p in in_system), *(p.pk for p in booked)}
    first = client.get("/api/v1/people/", {"limit": 5}).json()
    assert first["count"] == len(visible) == 8
    rest = client.get("/api/v1/people/", {"limit": 5, "offset": 5}).json()
    assert {row["id"] for row in first["results"] + rest["results"]} == visible and rest["next"] is None
    filtered = client.get("/api/v1/people/", {"organisation": in_system[1].organisation_id}).json()
    assert filtered["count"] == 1 and [row["id"] for row in filtered["results"]] == [in_system[1].pk]


def test_an_administrator_sees_everyone_and_can_search():
    PersonFactory.create_batch(3)
    target = PersonFactory(given_name="Morwenna")
    admin = administrator()
    client = api(admin)
    assert ids(client.get("/api/v1/people/")) == set(Person.objects.values_list("pk", flat=True))
    assert ids(client.get("/api/v1/people/", {"search": "morwenna"})) == {target.pk}


def test_the_people_list_needs_a_bounded_number_of_queries(django_assert_max_num_queries):
    admin = administrator()
    PersonFactory.create_batch(20)
    client = api(admin)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/people/")
    assert response.json()["count"] == 21


def test_export_and_anonymise_are_for_administrators_only():
    me, colleague = PersonFactory(), PersonFactory()
    assert api(colleague.user).get(f"/api/v1/people/{me.pk}/export/").status_code == 403
    assert api(me.user).post(f"/api/v1/people/{me.pk}/anonymise/").status_code == 403
    admin_client = api(administrator())
    export = admin_client.get(f"/api/v1/people/{me.pk}/export/")
    assert export.status_code == 200 and export.json()["details"]["email"] == me.email
    response = admin_client.post(f"/api/v1/people/{me.pk}/anonymise/")
    assert response.status_code == 200 and response.json()["given_name"] == "Anonymised"
    assert admin_client.post(f"/api/v1/people/{me.pk}/anonymise/").status_code == 400


# --- me ---------------------------------------------------------------------------------------


def test_me_shows_and_changes_your_own_details():
    me = PersonFactory(job_title="Ward manager")
    organisation = OrganisationFactory()
    manager = PersonFactory(organisation=organisation)  # the rule: someone in your own organisation
    client = api(me.user)
    assert client.get("/api/v1/me/").json()["job_title"] == "Ward manager"
    response = client.patch(
        "/api/v1/me/",
        {
            "job_title": "Matron",
            "organisation": organisation.pk,
            "line_manager": manager.pk,
            "role_level": "band_8a",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["job_title"], body["organisation"], body["line_manager"], body["role_level"]) == (
        "Matron",
        organisation.pk,
        manager.pk,
        "band_8a",
    )


def test_me_refuses_bad_input_with_field_errors():
    me, report = reporting_line("Manager", "Practitioner")
    client = api(me.user)
    response = client.patch("/api/v1/me/", {"role_level": "band_99", "organisation": 999999}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"role_level", "organisation"}
    response = client.patch("/api/v1/me/", {"line_manager": report.pk}, format="json")
    assert response.status_code == 400
    assert "line_manager" in response.json()
    response = client.patch("/api/v1/me/", {"line_manager": me.pk}, format="json")
    assert response.status_code == 400 and "line_manager" in response.json()


def test_me_is_404_for_a_login_without_a_staff_record():
    assert api(UserFactory()).get("/api/v1/me/").status_code == 404


def test_equality_answers_are_read_and_replaced_through_the_api():
    me = PersonFactory()
    client = api(me.user)
    empty = client.get("/api/v1/me/equality/")
    assert empty.status_code == 200 and set(empty.json().values()) == {""}
    response = client.put("/api/v1/me/equality/", {"sex": "female", "age_band": "25-34"}, format="json")
    assert response.status_code == 200
    assert response.json()["sex"] == "female"
    response = client.put("/api/v1/me/equality/", {"age_band": "not_stated"}, format="json")
    assert response.json()["sex"] == ""  # PUT replaces: a question left out is cleared
    record = EqualityRecord.objects.get(person=me)
    assert (record.sex, record.age_band) == ("", "not_stated")


def test_equality_answers_outside_the_categories_are_400():
    me = PersonFactory()
    response = api(me.user).put("/api/v1/me/equality/", {"ethnic_category": "Q", "sex": 7}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"ethnic_category", "sex"}
    assert not EqualityRecord.objects.exists()


# --- roles ------------------------------------------------------------------------------------


def test_only_administrators_manage_roles():
    user = PersonFactory().user
    manager = programme_manager(AcademyFactory())
    for someone in (user, manager):
        assert api(someone).get("/api/v1/role-assignments/").status_code == 403
        assert (
            api(someone)
            .post("/api/v1/role-assignments/", {"user": user.pk, "role": "administrator"})
            .status_code
            == 403
        )
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_an_administrator_grants_and_removes_a_role_and_both_are_audited():
    admin = administrator()
    user = PersonFactory().user
    ics = ICSFactory()
    client = api(admin)
    response = client.post(
        "/api/v1/role-assignments/", {"user": user.pk, "role": "ics_od_lead", "ics": ics.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    assignment_id = response.json()["id"]
    assert client.get(f"/api/v1/role-assignments/{assignment_id}/").json()["ics"] == ics.pk
    assert client.delete(f"/api/v1/role-assignments/{assignment_id}/").status_code == 204
    assert list(
        AuditEntry.objects.filter(action__startswith="people.role")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["people.role.grant", "people.role.revoke"]


def test_a_role_without_its_scope_is_400_not_500():
    client = api(administrator())
    user = UserFactory()
    response = client.post(
        "/api/v1/role-assignments/", {"user": user.pk, "role": "programme_manager"}, format="json"
    )
    assert response.status_code == 400 and "academy" in response.json()
    response = client.post("/api/v1/role-assignments/", {"user": user.pk, "role": "pope"}, format="json")
    assert response.status_code == 400 and "role" in response.json()


def test_the_openapi_schema_describes_the_people_endpoints():
    response = api(UserFactory()).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/me/", "/api/v1/me/equality/", "/api/v1/people/{id}/", "/api/v1/organisations/"):
        assert path in paths
    assert "patch" in paths["/api/v1/me/"] and "put" in paths["/api/v1/me/equality/"]
    assert "/api/v1/me/{id}/" not in paths
