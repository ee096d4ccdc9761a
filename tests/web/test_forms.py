"""The shared form furniture: NHS.UK inputs on the login page, the NHS.UK date input for every date
field, error messages and summaries that name their field, and integrated care systems by full name."""

import datetime as dt
import re

import pytest

from academy.offers.models import Cohort
from tests.factories import (
    AcademyFactory,
    ICSFactory,
    OfferFactory,
    PersonFactory,
    RegionFactory,
    programme_manager,
)

pytestmark = pytest.mark.django_db


def input_tag(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no input named {name}"
    return match.group(0)


def test_login_fields_are_nhs_inputs_and_an_empty_login_names_each_field_in_the_summary(client):
    page = client.get("/login/").content.decode()
    assert 'class="nhsuk-input"' in input_tag(page, "username")
    assert 'class="nhsuk-input"' in input_tag(page, "password")

    page = client.post("/login/", {"username": "", "password": ""}).content.decode()

    assert "This field is required." not in page
    summary = page[page.index("nhsuk-error-summary") : page.index("</form>")]
    assert 'data-module="nhsuk-error-summary"' in page  # the NHS.UK script moves focus to it on load
    assert '<a href="#id_username">Enter your email address or username</a>' in summary
    assert '<a href="#id_password">Enter your password</a>' in summary
    assert 'class="nhsuk-input nhsuk-input--error"' in input_tag(page, "username")


def test_every_date_field_is_a_day_month_year_date_input(client):
    academy = AcademyFactory()
    offer = OfferFactory(academy=academy)
    client.force_login(programme_manager(academy))

    page = client.get(f"/manage/offers/{offer.pk}/cohorts/new/").content.decode()

    assert 'type="date"' not in page
    for field in ("starts_on", "ends_on", "booking_closes_on"):
        assert 'id="id_' + field + '"' in input_tag(page, f"{field}_day")
        assert 'id="id_' + field + '-month"' in input_tag(page, f"{field}_month")
        assert 'id="id_' + field + '-year"' in input_tag(page, f"{field}_year")
    assert page.count('class="nhsuk-date-input"') == 3
    assert '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Start date</legend>' in page


def test_a_date_entered_as_day_month_and_year_is_saved_and_a_wrong_one_is_named(client):
    academy = AcademyFactory()
    offer = OfferFactory(academy=academy)
    client.force_login(programme_manager(academy))
    url = f"/manage/offers/{offer.pk}/cohorts/new/"
    fields = {"name": "Summer cohort", "capacity": "12"}

    wrong = client.post(
        url,
        {**fields, "starts_on_day": "31", "starts_on_month": "2", "starts_on_year": "2031"}
        | {"ends_on_day": "", "ends_on_month": "", "ends_on_year": ""},
    ).content.decode()
    assert '<a href="#id_starts_on">Start date must be a real date, like 21 6 2027</a>' in wrong
    assert '<a href="#id_ends_on">Enter end date</a>' in wrong
    assert 'value="31"' in wrong  # what was typed is kept

    client.post(
        url,
        {**fields, "starts_on_day": "3", "starts_on_month": "6", "starts_on_year": "2031"}
        | {"ends_on_day": "30", "ends_on_month": "6", "ends_on_year": "2031"},
    )
    cohort = Cohort.objects.get(name="Summer cohort")
    assert (cohort.starts_on, cohort.ends_on) == (dt.date(2031, 6, 3), dt.date(2031, 6, 30))


def test_catalogue_lists_systems_by_full_name_under_their_region_with_the_readers_region_first(client):
    east, north = (
        RegionFactory(name="East of England"),
        RegionFactory(code="Y63", name="North East and Yorkshire"),
    )
    ICSFactory(name="Bath and North East Somerset, Swindon and Wiltshire", short_name="BSW", region=north)
    norfolk = ICSFactory(name="Norfolk and Waveney", short_name="N&W", region=east)
    OfferFactory()

    page = client.get("/offers/").content.decode()
    assert ">BSW<" not in page
    assert page.index('<optgroup label="East of England">') < page.index('<optgroup label="North East')
    assert "Bath and North East Somerset, Swindon and Wiltshire</option>" in page

    reader = PersonFactory(organisation__ics=ICSFactory(region=north))
    client.force_login(reader.user)
    page = client.get("/offers/").content.decode()
    assert page.index('<optgroup label="North East') < page.index('<optgroup label="East of England">')
    assert f'<option value="{norfolk.pk}">Norfolk and Waveney</option>' in page
    assert client.get("/offers/", {"ics": norfolk.pk}).status_code == 200


def test_offer_form_lists_systems_by_full_name_with_the_academys_region_first(client):
    east, north = (
        RegionFactory(name="East of England"),
        RegionFactory(code="Y63", name="North East and Yorkshire"),
    )
    ICSFactory(name="Bath and North East Somerset, Swindon and Wiltshire", short_name="BSW", region=north)
    ICSFactory(name="Norfolk and Waveney", short_name="N&W", region=east)
    academy = AcademyFactory(region=north)
    client.force_login(programme_manager(academy))

    page = client.get("/manage/offers/new/").content.decode()

    assert ">BSW<" not in page
    assert "Bath and North East Somerset, Swindon and Wiltshire</label>" in page
    north_at = page.index('academy-choice-group__legend">North East and Yorkshire</legend>')
    assert north_at < page.index('academy-choice-group__legend">East of England</legend>')


def test_the_dashboard_period_is_asked_for_in_day_month_and_year_boxes(client):
    academy = AcademyFactory()
    client.force_login(programme_manager(academy))

    page = client.get("/impact/").content.decode()
    assert 'type="date"' not in page
    assert 'name="from_day"' in page and 'name="to_year"' in page

    page = client.get(
        "/impact/",
        {
            "from_day": "1",
            "from_month": "6",
            "from_year": "2023",
            "to_day": "30",
            "to_month": "6",
            "to_year": "2023",
        },
    ).content.decode()
    assert "1 June 2023 to 30 June 2023" in page
    assert 'name="from_day" type="text" inputmode="numeric" value="1"' in page

    page = client.get("/impact/", {"from_day": "31", "from_month": "2", "from_year": "2023"}).content.decode()
    assert '<a href="#period-from">Enter a real date between the years 1900 and 2100.</a>' in page


def test_every_error_summary_takes_focus_when_the_page_loads():
    """The NHS.UK script moves focus to an error summary marked with its data-module, so a screen reader
    announces the problems first."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src" / "academy"
    for path in src.glob("*/templates/**/*.html"):
        for tag in re.findall(r'<div class="nhsuk-error-summary"[^>]*>', path.read_text()):
            assert 'data-module="nhsuk-error-summary"' in tag, f"{path.relative_to(src)}: {tag}"
