"""`python manage.py load_reference`: load regions, systems, places, academies, delivery partners and
organisations from the CSV files in academy/people/data.

Rows are matched on their code and created or updated, so loading twice changes nothing. The whole
load is one transaction: if any row is wrong, nothing is written and every bad row is reported with
its file and row number (row 1 is the header, as in a spreadsheet).
"""

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction

from academy.people.models import (
    ICS,
    Academy,
    DeliveryPartner,
    Organisation,
    OrganisationType,
    Place,
    Region,
    Sector,
)

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class RowError(Exception):
    """A reason a row cannot be loaded."""


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _required(row: dict[str, str], column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise RowError(f"{column} is empty")
    return value


def _choice(row: dict[str, str], column: str, choices: Any) -> str:
    value = _required(row, column)
    if value not in choices.values:
        raise RowError(f"{column} {value!r} is not one of {', '.join(choices.values)}")
    return value


def _optional_int(row: dict[str, str], column: str) -> int | None:
    value = (row.get(column) or "").strip().replace(",", "")
    if not value:
        return None
    if not value.isdigit():
        raise RowError(f"{column} {value!r} is not a whole number")
    return int(value)


def _region(row: dict[str, str]) -> Region:
    code = _required(row, "region_code")
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist:
        raise RowError(f"region_code {code!r} is not a region in regions.csv") from None


def _ics(row: dict[str, str], *, required: bool = True) -> ICS | None:
    code = (row.get("ics_code") or "").strip()
    if not code:
        if required:
            raise RowError("ics_code is empty")
        return None
    try:
        return ICS.objects.get(code=code)
    except ICS.DoesNotExist:
        raise RowError(f"ics_code {code!r} is not a system in systems.csv") from None


def _load_region(row: dict[str, str]) -> None:
    Region.objects.update_or_create(code=_required(row, "code"), defaults={"name": _required(row, "name")})


def _load_system(row: dict[str, str]) -> None:
    ICS.objects.update_or_create(
        code=_required(row, "code"),
        defaults={
            "name": _required(row, "name"),
            "short_name": (row.get("short_name") or "").strip(),
            "region": _region(row),
        },
    )


def _load_place(row: dict[str, str]) -> None:
    Place.objects.get_or_create(ics=_ics(row), name=_required(row, "name"))


def _load_academy(row: dict[str, str]) -> None:
    Academy.objects.update_or_create(
        slug=_required(row, "slug"),
        defaults={
            "name": _required(row, "name"),
            "kind": _choice(row, "kind", Academy.Kind),
            "region": _region(row),
            "contact_email": (row.get("contact_email") or "").strip(),
        },
    )


def _load_delivery_partner(row: dict[str, str]) -> None:
    DeliveryPartner.objects.update_or_create(
        name=_required(row, "name"), defaults={"website": (row.get("website") or "").strip()}
    )


def _load_organisation(row: dict[str, str]) -> None:
    ics = _ics(row, required=False)
    place = None
    place_name = (row.get("place") or "").strip()
    if place_name:
        if ics is None:
            raise RowError("place is given without an ics_code")
        place = Place.objects.filter(ics=ics, name=place_name).first()
        if place is None:
            raise RowError(f"place {place_name!r} is not a place of {ics.code} in places.csv")
    Organisation.objects.update_or_create(
        ods_code=_required(row, "ods_code"),
        defaults={
            "name": _required(row, "name"),
            "org_type": _choice(row, "org_type", OrganisationType),
            "sector": _choice(row, "sector", Sector),
            "ics": ics,
            "place": place,
            "workforce_headcount": _optional_int(row, "workforce_headcount"),
        },
    )


# Loaded in this order, because later files refer to earlier ones.
FILES: list[tuple[str, Callable[[dict[str, str]], None]]] = [
    ("regions.csv", _load_region),
    ("systems.csv", _load_system),
    ("places.csv", _load_place),
    ("academies.csv", _load_academy),
    ("delivery_partners.csv", _load_delivery_partner),
    ("organisations.csv", _load_organisation),
]


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


class ReferenceDataError(CommandError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("Reference data not loaded; nothing was changed.\n" + "\n".join(errors))


def reference_load(*, data_dir: Path = DATA_DIR) -> LoadReport:
    """Load every reference file, all or nothing. Raises ReferenceDataError listing every bad row."""
    report = LoadReport()
    with transaction.atomic():
        for filename, load_row in FILES:
            path = data_dir / filename
            if not path.exists():
                report.errors.append(f"{filename}: file not found in {data_dir}")
                continue
            count = 0
            for number, row in _rows(path):
                try:
                    # A savepoint per row, so that one failed write does not stop the checks on the rest.
                    with transaction.atomic():
                        load_row(row)
                except (RowError, DatabaseError, ValueError) as error:
                    report.errors.append(f"{filename} row {number}: {error}")
                else:
                    count += 1
            report.counts[filename] = count
        if report.errors:
            raise ReferenceDataError(report.errors)
    return report


class Command(BaseCommand):
    help = "Load the reference data (regions, systems, places, academies, delivery partners, organisations)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder holding the CSV files")

    def handle(self, *args: Any, **options: Any) -> None:
        report = reference_load(data_dir=options["data_dir"])
        for filename, count in report.counts.items():
            self.stdout.write(f"{filename}: {count} rows")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
