"""Tables follow the NHS.UK responsive table pattern, so on a phone each row reads as labelled values
instead of pushing the page sideways; the catalogue's filters fold away on a phone (issue 9, item 3)."""

import re
from pathlib import Path

import pytest

from academy.offers.models import Booking
from tests.browser.world import build_world
from tests.factories import booking

SRC = Path(__file__).resolve().parents[2] / "src" / "academy"
# Printed documents (WeasyPrint, A4) lay their tables out for paper with their own styles.
PRINT_ONLY = {
    "evaluation/templates/evaluation/reports/_body.html",
    "coaching/templates/coaching/reports/suite_page.html",  # a page of the compiled suite, beside _body.html
    "interchange/templates/interchange/reports/suite_page.html",  # likewise
    "coaching/templates/coaching/reports/programme_page.html",  # likewise
    "coaching/templates/coaching/reports/team_page.html",  # likewise
    "evaluation/templates/evaluation/reports/print.html",
    "offers/templates/offers/register.html",
}


def table_templates() -> list[Path]:
    # Pages inside Django's admin (templates/admin/) wear the admin's own styles, not the NHS.UK ones.
    return [
        path
        for path in sorted(SRC.glob("*/templates/**/*.html"))
        if "<table" in path.read_text()
        and str(path.relative_to(SRC)) not in PRINT_ONLY
        and "/templates/admin/" not in str(path)
    ]


@pytest.mark.parametrize("path", table_templates(), ids=lambda p: str(p.relative_to(SRC)))
def test_every_table_is_an_nhs_responsive_table(path: Path) -> None:
    page = path.read_text()
    for table in re.findall(r"<table\b.*?</table>", page, flags=re.S):
        assert "nhsuk-table--responsive" in table and 'role="table"' in table
        head = table[: table.find("</thead>")]
        body = table[table.find("<tbody") :]
        assert head.count('role="columnheader"') == head.count('scope="col"')
        cells = re.findall(r'<t[dh] class="nhsuk-table__(?:cell|header)[^"]*"(?![^>]*colspan)[^>]*>', body)
        assert cells, "a table with no body cells"
        assert body.count('class="nhsuk-table__heading"') >= len(cells), (
            "every body cell starts with its column's heading for small screens"
        )


@pytest.mark.django_db
def test_my_learning_labels_every_session_value_for_small_screens(client):
    world = build_world()
    booking(world.cohort, world.participant, status=Booking.Status.CONFIRMED)
    client.force_login(world.participant.user)

    page = client.get("/my-learning/").content.decode()

    for heading in ("Session", "Date", "Time", "Place", "Attendance", "Calendar"):
        assert f'<span class="nhsuk-table__heading" aria-hidden="true">{heading} </span>' in page
    assert 'role="cell"' in page


@pytest.mark.django_db
def test_catalogue_filters_fold_into_details_so_results_come_first_on_a_phone(client):
    build_world()
    page = client.get("/offers/").content.decode()

    details = page[page.index('<details class="nhsuk-details academy-filters"') :]
    assert "data-academy-open-wide" in details[:200]
    assert '<span class="nhsuk-details__summary-text">Search and filter' in details
    assert details.index('name="q"') < details.index("</details>")
