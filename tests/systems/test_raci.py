"""RACI matrices: exactly one accountable party per activity, and the same letters in every download."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from academy.systems import selectors, services
from academy.systems.models import RaciCell
from academy.systems.services.raci import check_accountable
from tests.systems.programmes_world import build_programmes

pytestmark = pytest.mark.django_db


def test_a_row_with_no_accountable_party_or_two_is_refused_with_a_clear_message() -> None:
    w = build_programmes()
    with pytest.raises(ValidationError) as error:
        services.raci_activity_set(matrix=w.raci, name="Budget", letters={"ICB": "R"}, by=w.lead)
    assert error.value.message_dict["letters"] == [
        "“Budget” has no accountable party: mark exactly one organisation or role with A."
    ]
    with pytest.raises(ValidationError) as error:
        services.raci_activity_set(
            matrix=w.raci, name="Budget", letters={"ICB": "A", "North Partnership": "A"}, by=w.lead
        )
    assert "has 2 accountable parties (ICB, North Partnership)" in error.value.message_dict["letters"][0]


def test_the_database_refuses_a_second_accountable_party_too() -> None:
    w = build_programmes()
    activity = w.raci.activities.get()
    north = w.raci.parties.get(name="North Partnership")
    with pytest.raises(IntegrityError), transaction.atomic():
        RaciCell.objects.filter(activity=activity, party=north).update(letter="A")


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["ICB", "Place", "Council", "Trust"]), st.sampled_from("RACI")))
def test_a_row_is_accepted_exactly_when_one_party_is_accountable(letters: dict[str, str]) -> None:
    accountable = sum(1 for letter in letters.values() if letter == "A")
    try:
        check_accountable("Row", letters)
    except ValidationError:
        assert accountable != 1
    else:
        assert accountable == 1


def test_csv_and_excel_hold_the_letters_the_page_shows(client) -> None:
    w = build_programmes()
    services.raci_activity_set(
        matrix=w.raci, name="=Risk register", letters={"North Partnership": "A"}, by=w.lead
    )
    client.force_login(w.lead)
    page = client.get(f"/systems/raci/{w.raci.pk}/").content.decode()
    assert "Joint Forward Plan" in page
    csv = client.get(f"/systems/raci/{w.raci.pk}/?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines() == [
        "Activity,ICB,North Partnership",
        "Joint Forward Plan,A,R",
        "'=Risk register,,A",
    ]
    sheet = load_workbook(io.BytesIO(client.get(f"/systems/raci/{w.raci.pk}/?format=xlsx").content)).active
    assert [c.value for c in sheet[3]] == ["Joint Forward Plan", "A", "R"]
    pdf = client.get(f"/systems/raci/{w.raci.pk}/print/")
    assert pdf.content.startswith(b"%PDF")
    assert selectors.raci_tables(w.raci)[0].rows[0] == ["Joint Forward Plan", "A", "R"]


def test_the_activity_page_shows_the_accountable_rule_as_an_error(client) -> None:
    w = build_programmes()
    client.force_login(w.lead)
    icb = w.raci.parties.get(name="ICB").pk
    response = client.post(
        f"/systems/raci/{w.raci.pk}/activities/new/", {"name": "Budget", f"party_{icb}": "R"}
    )
    assert "nhsuk-error-summary" in response.content.decode()
    assert "has no accountable party" in response.content.decode()
