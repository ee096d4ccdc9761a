"""Region and ICS dashboards: reach tables equal counts made by hand, equality suppression, access,
exports that match the page, and query counts that do not grow with the data."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academy.evaluation.models import Survey
from academy.evaluation.services import invitation_token, survey_send_invitations
from academy.offers.models import Attendance, Booking
from academy.people.models import Organisation, OrganisationType, Role, RoleLevel, Sector
from academy.people.services import equality_record_save, person_update_details
from tests.evaluation.helpers import answer, open_survey
from tests.factories import (
    AcademyFactory,
    CohortFactory,
    DeliveryPartnerFactory,
    ICSFactory,
    OfferFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    attendance,
    facilitator,
    grant,
    programme_manager,
)

pytestmark = pytest.mark.django_db


def _attend(session, people, status=Attendance.Status.PRESENT):
    for person in people:
        booking, _ = Booking.objects.get_or_create(
            cohort=session.cohort, person=person, defaults={"status": Booking.Status.CONFIRMED}
        )
        attendance(session, booking, status)


def _session(offer, days_ago):
    start = timezone.localdate() - dt.timedelta(days=days_ago)
    cohort = CohortFactory(offer=offer, starts_on=start, ends_on=start + dt.timedelta(days=30))
    return SessionFactory(cohort=cohort)


@pytest.fixture
def region():
    """Two systems. By hand:

    session 1: all 10 present (5 north acute band 7, 3 north care home band 5, 2 south acute band 8a)
    session 2: the 3 care home people and 1 north acute person present, 1 north acute person absent
    -> 2 sessions, 14 participants, 10 unique people.
    An old session four years ago, and another academy's session, must not count for the manager.
    """
    academy = AcademyFactory()
    north = ICSFactory(name="Norfolk and Waveney Integrated Care System")
    south = ICSFactory(name="Suffolk and North East Essex Integrated Care System")
    north_acute = OrganisationFactory(
        ics=north, org_type=OrganisationType.ACUTE, sector=Sector.NHS, workforce_headcount=1000
    )
    north_home = OrganisationFactory(
        ics=north, org_type=OrganisationType.CARE_HOME, sector=Sector.SOCIAL_CARE, workforce_headcount=200
    )
    south_acute = OrganisationFactory(
        ics=south, org_type=OrganisationType.ACUTE, sector=Sector.NHS, workforce_headcount=500
    )
    acute = [PersonFactory(organisation=north_acute, role_level=RoleLevel.BAND_7) for _ in range(5)]
    home = [PersonFactory(organisation=north_home, role_level=RoleLevel.BAND_5) for _ in range(3)]
    southern = [PersonFactory(organisation=south_acute, role_level=RoleLevel.BAND_8A) for _ in range(2)]
    offer = OfferFactory(academy=academy, title="Teaming Skills")
    first = _session(offer, days_ago=30)
    second = SessionFactory(cohort=first.cohort, starts_at=first.starts_at + dt.timedelta(days=7))
    _attend(first, acute + home + southern)
    _attend(second, home + acute[:1])
    _attend(second, acute[1:2], status=Attendance.Status.ABSENT)
    _attend(_session(offer, days_ago=4 * 365), acute[:1])  # outside the last three years
    other_academy_offer = OfferFactory(title="Another academy's masterclass")
    _attend(_session(other_academy_offer, days_ago=10), acute[:2])
    manager = programme_manager(academy)
    # 3 of the 8 northern people invited answer: 3/10 = 30% of the region, 3/8 = 37.5% -> 38% of north.
    survey = open_survey(first, by=manager)
    survey_send_invitations(survey=survey, by=manager)
    northern = {p.pk for p in acute + home}
    answered = [i for i in survey.invitations.order_by("id") if i.person_id in northern][:3]
    answer(invitation_token(answered[0]), apply_learning="strongly_agree")
    answer(invitation_token(answered[1]), apply_learning="strongly_agree")
    answer(invitation_token(answered[2]), apply_learning="agree")
    return {
        "academy": academy,
        "north": north,
        "south": south,
        "offer": offer,
        "manager": manager,
        "people": acute + home + southern,
    }


def _table(response, key):
    return next(t for t in response.context["tables"].values() if t.key == key)


def test_region_dashboard_counts_sessions_participants_and_people_by_hand(client, region):
    client.force_login(region["manager"])
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 sessions to 14 participants" in html
    assert "reaching 10 different people" in html
    delivery = page.context["board"].delivery
    assert (delivery.sessions, delivery.cohorts, delivery.participants, delivery.people) == (2, 1, 14, 10)


def test_reach_tables_equal_hand_counts(client, region):
    client.force_login(region["manager"])
    page = client.get(reverse("reports:dashboard"))
    by_ics = {row[0]: row[1:] for row in _table(page, "reach-ics").rows}
    # One denominator for the whole table: the staff of the acute trusts (whose workforce is known
    # completely), against the people reached from those trusts. The care home's 200 is an estimate
    # for a sample of care homes, so it is in neither side of the rate.
    # north: 5 + 3 at session 1, 3 + 1 at session 2 = 12 attendances by 8 people, of whom 5 at the
    # acute trust of 1,000 staff (5 / 1,000 x 1,000 = 5.0); south: 2 by 2, both at a trust of 500 (4.0).
    assert by_ics["Norfolk and Waveney Integrated Care System"] == [12, 8, 5, 1000, "5.0"]
    assert by_ics["Suffolk and North East Essex Integrated Care System"] == [2, 2, 2, 500, "4.0"]
    by_sector = {row[0]: row[1:] for row in _table(page, "reach-sector").rows}
    # NHS: 5 + 1 + 2 = 8 by 7, all 7 at trusts of 1,500 staff (4.67 -> 4.7); social care: no rate.
    assert by_sector["NHS"] == [8, 7, 7, 1500, "4.7"]
    assert by_sector["Social care"] == [6, 3, None, None, ""]
    by_type = {row[0]: row[1:3] for row in _table(page, "reach-org_type").rows}
    assert by_type == {"Acute trust": [8, 7], "Care home": [6, 3]}
    by_role = {row[0]: row[1:] for row in _table(page, "reach-role_level").rows}
    assert by_role == {"Band 5": [6, 3], "Band 7": [6, 5], "Band 8a": [2, 2]}


def test_reach_stays_where_people_worked_when_they_attended(client, region):
    """A care home manager who moves to the southern acute trust after the programme is still counted as
    the northern care home's reach: the attendance keeps their workplace and role level as they were."""
    mover = next(p for p in region["people"] if p.organisation.org_type == OrganisationType.CARE_HOME)
    south_acute = Organisation.objects.get(ics=region["south"], org_type=OrganisationType.ACUTE)
    person_update_details(person=mover, by=mover.user, organisation=south_acute, role_level=RoleLevel.BAND_8A)
    client.force_login(region["manager"])
    page = client.get(reverse("reports:dashboard"))
    by_ics = {row[0]: row[1:3] for row in _table(page, "reach-ics").rows}
    assert by_ics["Norfolk and Waveney Integrated Care System"] == [12, 8]
    assert by_ics["Suffolk and North East Essex Integrated Care System"] == [2, 2]
    by_role = {row[0]: row[1:3] for row in _table(page, "reach-role_level").rows}
    assert by_role["Band 5"] == [6, 3] and by_role["Band 8a"] == [2, 2]
    north = client.get(reverse("reports:ics_dashboard", args=[region["north"].pk]))
    assert north.context["board"].delivery.participants == 12


def test_response_rates_and_headline_results(client, region):
    client.force_login(region["manager"])
    page = client.get(reverse("reports:dashboard"))
    html = page.content.decode()
    assert "3 responses; 3 of 10 invitations answered (30%)." in html
    # Three answers to an anonymous evaluation are under the minimum of 5: no headline figure yet.
    assert page.context["board"].headlines == []
    assert "3 responses to smaller ones are left out" in html
    survey = Survey.objects.get(offer=region["offer"])
    rest = [i for i in survey.invitations.order_by("id") if i.responded_at is None]
    answer(invitation_token(rest[0]), apply_learning="strongly_agree")
    answer(invitation_token(rest[1]), apply_learning="agree")
    page = client.get(reverse("reports:dashboard"))
    html = page.content.decode()
    # 3 strongly agree, 2 agree: 60%, 40%, together 5/5 = 100%, from one offer.
    assert "60% strongly agreed, 40% agreed (100%) — 5 responses" in html
    headlines = {row[0]: row[1:] for row in _table(page, "headlines").rows}
    assert headlines["I will be able to apply learning from this session to my job role"][-1] == 1
    # One system's counts of its staff's answers are suppressed and rounded like equality counts: the 8
    # northern invitations show as 10, and 3 answered as *, with no rate.
    north = client.get(reverse("reports:ics_dashboard", args=[region["north"].pk]))
    assert _table(north, "responses").rows[0] == ["Teaming Skills", "*", 10, "*", ""]
    assert "3 of 8" not in north.content.decode()


def test_ics_od_lead_sees_every_academys_activity_in_their_system_only(client, region):
    lead = PersonFactory().user
    grant(lead, Role.ICS_OD_LEAD, ics=region["north"])
    client.force_login(lead)
    assert client.get(reverse("reports:dashboard")).url == reverse(
        "reports:ics_dashboard", args=[region["north"].pk]
    )
    page = client.get(reverse("reports:ics_dashboard", args=[region["north"].pk]))
    assert page.status_code == 200
    # 12 in this academy's offer plus 2 at another academy's masterclass.
    assert page.context["board"].delivery.participants == 14
    assert client.get(reverse("reports:ics_dashboard", args=[region["south"].pk])).status_code == 404
    # Reports are listed only for offers that serve the lead's system (the ones they may open).
    assert list(page.context["offers"]) == []
    region["offer"].systems.add(region["north"])
    page = client.get(reverse("reports:ics_dashboard", args=[region["north"].pk]))
    assert list(page.context["offers"]) == [region["offer"]]
    assert client.get(reverse("reports:offer", args=[region["offer"].pk])).status_code == 200
    # The programme manager sees only their own academy's activity in the north.
    client.force_login(region["manager"])
    north = client.get(reverse("reports:ics_dashboard", args=[region["north"].pk]))
    assert north.context["board"].delivery.participants == 12


def test_participants_and_facilitators_cannot_open_dashboards(client, region):
    client.force_login(region["people"][0].user)
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert client.get(reverse("reports:ics_dashboard", args=[region["north"].pk])).status_code == 404
    client.force_login(facilitator(DeliveryPartnerFactory()))
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert client.get(reverse("reports:ics_dashboard", args=[region["north"].pk])).status_code == 404
    client.logout()
    assert client.get(reverse("reports:dashboard")).status_code == 302


def test_equality_reach_suppresses_small_groups_and_rounds_to_five(client):
    """23 women and 3 men attended and declared their sex. By hand: 23 -> 25; 3 -> *; the total 26
    rounds to 25, so women are 25 of 25 = 100% (from the rounded figures)."""
    academy = AcademyFactory()
    organisation = OrganisationFactory()
    people = [PersonFactory(organisation=organisation) for _ in range(26)]
    for index, person in enumerate(people):
        equality_record_save(person=person, by=person.user, sex="female" if index < 23 else "male")
    _attend(_session(OfferFactory(academy=academy), days_ago=5), people)
    client.force_login(programme_manager(academy))
    page = client.get(reverse("reports:dashboard"))
    rows = {row[0]: row[1:] for row in _table(page, "equality-sex").rows}
    assert rows["Female"] == ["25", "100%", "25", "100%"]
    assert rows["Male"] == ["*", "", "*", ""]
    assert rows["Total"] == ["25", "", "25", ""]
    html = page.content.decode()
    assert ">*<" in html
    assert "equality-sex-caption" in html


def test_exports_hold_the_numbers_on_the_page(client, region):
    client.force_login(region["manager"])
    url = reverse("reports:dashboard")
    page = client.get(url)
    table = _table(page, "reach-ics")
    download = client.get(url, {"format": "csv", "table": "reach-ics"})
    assert download["Content-Type"].startswith("text/csv")
    assert 'filename="impact-region-reach-ics.csv"' in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == table.headers
    assert rows[1:] == [[str(cell) for cell in row] for row in table.rows]
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = workbook["Reach by integrated care system"]
    assert [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)] == table.rows
    assert set(workbook.sheetnames) >= {"Delivery", "Reach by sector", "Equality - Sex", "Response rates"}
    assert client.get(url, {"format": "csv", "table": "no-such-table"}).status_code == 404


def test_dashboard_query_count_does_not_grow_with_the_data(client, region, django_assert_max_num_queries):
    client.force_login(region["manager"])
    url = reverse("reports:dashboard")
    client.get(url)  # warm the per-user role cache and sessions
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    more = [PersonFactory(organisation=region["people"][0].organisation) for _ in range(15)]
    for days_ago in (40, 50, 60):
        _attend(_session(OfferFactory(academy=region["academy"]), days_ago=days_ago), more)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("reports:ics_dashboard", args=[region["north"].pk]))


def test_an_empty_academy_gets_clear_empty_states(client):
    client.force_login(programme_manager(AcademyFactory()))
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "0 sessions to 0 participants" in html
    assert "No responses yet." in html
    assert "There are no offers yet." in html


def test_a_bad_period_is_explained_and_the_default_is_used(client, region):
    client.force_login(region["manager"])
    page = client.get(reverse("reports:dashboard"), {"from": "2026-13-01", "to": "2020-01-01"})
    assert page.status_code == 200
    assert "Enter a real date" in page.content.decode()
    assert page.context["board"].delivery.participants == 14


def test_headlines_pool_only_the_standard_statement_with_its_standard_wording(client, region):
    """Issue: "I feel confident the 'Intersectionality…' session…" was printed over 5,259 responses,
    most of them from other offers. An academy's own question set reuses the standard code with its
    offer's wording; another reuses it for a different kind of question; a third asks its own question.
    By hand: the standard statement pools 5 answers from Teaming Skills (the fixture's 3 agree, then 1
    strongly agree and 1 agree) and 5 from the workshop (5 agree): 1 and 9 of 10 = 10% strongly agreed,
    90% agreed (100%), from 2 offers."""
    from academy.evaluation.services import instrument_create, instrument_publish, question_add

    academy, manager = region["academy"], region["manager"]
    survey = Survey.objects.get(offer=region["offer"])
    rest = [i for i in survey.invitations.order_by("id") if i.responded_at is None]
    answer(invitation_token(rest[0]), lead_and_influence="strongly_agree")
    answer(invitation_token(rest[1]), lead_and_influence="agree")
    own = instrument_create(name="Workshop evaluation", academy=academy, by=manager)
    question_add(
        instrument=own,
        code="lead_and_influence",
        text="I feel confident the 'Intersectionality, identity and authenticity' session will enhance my "
        "ability to lead and influence others",
        type="agreement_5",
        by=manager,
    )
    question_add(instrument=own, code="apply_learning", text="Rate it", type="scale_1_10", by=manager)
    question_add(instrument=own, code="workshop_own", text="Was the room warm?", type="yes_no", by=manager)
    own = instrument_publish(instrument=own, by=manager)
    workshop = OfferFactory(academy=academy, title="Positive action workshops")
    session = _session(workshop, days_ago=20)
    attendees = [PersonFactory(organisation=region["people"][0].organisation) for _ in range(5)]
    _attend(session, attendees)
    from academy.evaluation.services import response_submit, survey_create

    now = timezone.now()
    workshop_survey = survey_create(
        instrument=own,
        session=session,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=7),
        by=manager,
    )
    survey_send_invitations(survey=workshop_survey, by=manager)
    for invitation in workshop_survey.invitations.all():
        response_submit(
            invitation_token=invitation_token(invitation),
            answers={"lead_and_influence": "agree", "apply_learning": 9, "workshop_own": "yes"},
        )
    client.force_login(manager)
    page = client.get(reverse("reports:dashboard"))
    html = page.content.decode()
    assert "Intersectionality" not in html
    headlines = {row[0]: row[1:] for row in _table(page, "headlines").rows}
    lead = headlines["I feel confident the session will enhance my ability to lead and influence others"]
    assert lead == ["10% strongly agreed, 90% agreed (100%) — 10 responses", "100%", 10, 2]
    # The 1-10 ratings under the same code are a different question: not pooled.
    apply = headlines["I will be able to apply learning from this session to my job role"]
    assert apply[2:] == [5, 1]
    # An academy's own question is not a standard statement: it is in its offer's report, not here.
    assert "Was the room warm?" not in headlines
    assert "Offers pooled" in _table(page, "headlines").headers


def test_the_reach_rate_names_its_one_denominator_and_never_exceeds_the_workforce(client, region):
    from academy.evaluation.dashboards import per_thousand

    assert per_thousand(501, 500) == ""  # more people than staff: the workforce figure is wrong
    assert per_thousand(500, 500) == "1,000.0"
    client.force_login(region["manager"])
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "one denominator in every table" in html
    assert "organisations.csv" in html and "carry no date" in html
    assert "not the whole workforce counted in the reach tables" in html


def test_response_rates_count_invitations_another_survey_tool_sent(client, region):
    from academy.evaluation.imports import responses_import
    from tests.evaluation.test_imports import MAPPING, csv_bytes, good_row

    # The second session's evaluation ran in another tool, which invited 6 people; 4 answered.
    first_survey = Survey.objects.get(offer=region["offer"])
    second = first_survey.session.cohort.sessions.order_by("starts_at")[1]
    other_tool = open_survey(second, by=region["manager"])
    result = responses_import(
        survey=other_tool,
        filename="export.csv",
        file=csv_bytes([good_row(n) for n in range(4)]),
        mapping=MAPPING,
        invited=6,
        by=region["manager"],
    )
    assert result.ok and result.created == 4
    client.force_login(region["manager"])
    page = client.get(reverse("reports:dashboard"))
    # By hand: 3 + 4 = 7 responses; 10 + 6 = 16 invitations, 3 + 4 = 7 answered: 7/16 = 43.75% -> 44%.
    assert "7 responses; 7 of 16 invitations answered (44%)." in page.content.decode()
    assert _table(page, "responses").rows[0][:3] == ["Teaming Skills", 7, 16]
    # A system's counts hold only its own staff's invitations: the other tool's 6 are the whole survey's.
    north = client.get(reverse("reports:ics_dashboard", args=[region["north"].pk]))
    assert _table(north, "responses").rows[0] == ["Teaming Skills", "*", 10, "*", ""]
