import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from academy.people.management.commands.load_reference import DATA_DIR
from academy.people.models import ICS, Academy, DeliveryPartner, Organisation, Place, Region

pytestmark = pytest.mark.django_db


def test_loads_the_seven_regions_and_the_42_systems_of_england():
    call_command("load_reference", stdout=None)

    assert Region.objects.count() == 7
    assert ICS.objects.count() == 42
    east = Region.objects.get(code="Y61")
    assert east.name == "East of England"
    assert sorted(east.systems.values_list("code", flat=True)) == ["QH8", "QHG", "QJG", "QM7", "QMM", "QUE"]
    blmk = ICS.objects.get(code="QHG")
    assert blmk.name == "Bedfordshire, Luton and Milton Keynes Integrated Care System"
    assert blmk.short_name == "BLMK"
    assert {r.code: r.systems.count() for r in Region.objects.all()} == {
        "Y56": 5, "Y58": 7, "Y59": 6, "Y60": 11, "Y61": 6, "Y62": 3, "Y63": 4,
    }  # fmt: skip


def test_loads_academies_partners_places_and_east_of_england_organisations():
    call_command("load_reference", stdout=None)

    assert Academy.objects.filter(kind=Academy.Kind.REGIONAL).count() == 7
    assert Academy.objects.filter(kind=Academy.Kind.LOCAL).count() == 10
    assert Academy.objects.get(slug="east-of-england").name == "East of England Leadership Academy"
    assert Academy.objects.filter(name="NHS North West Leadership Academy", kind="local").exists()
    assert {"Tricordant", "CBS Learning", "Management Futures", "Altogether Better", "We are Beyond"} <= set(
        DeliveryPartner.objects.values_list("name", flat=True)
    )
    assert Place.objects.filter(ics__region__code="Y61").values("ics").distinct().count() == 6
    ambulance = Organisation.objects.get(ods_code="RYC")
    assert (ambulance.name, ambulance.org_type, ambulance.sector) == (
        "East of England Ambulance Service NHS Trust",
        "ambulance",
        "nhs",
    )
    assert Organisation.objects.get(ods_code="RGT").place.name == "South Cambridgeshire"
    # Every made-up organisation has a code starting with X and a workforce to compare reach with.
    made_up = Organisation.objects.filter(org_type__in=["care_home", "pcn", "gp_practice"])
    assert made_up.count() == 48 + 24 + 48  # care homes, PCNs, GP practices
    assert not made_up.exclude(ods_code__startswith="X").exists()
    assert not Organisation.objects.filter(workforce_headcount__isnull=True).exists()


def test_loading_twice_changes_nothing_and_restores_edited_rows():
    call_command("load_reference", stdout=None)
    counts = (
        Region.objects.count(),
        ICS.objects.count(),
        Place.objects.count(),
        Organisation.objects.count(),
    )
    ICS.objects.filter(code="QMM").update(name="Renamed by hand")

    call_command("load_reference", stdout=None)

    assert (
        Region.objects.count(),
        ICS.objects.count(),
        Place.objects.count(),
        Organisation.objects.count(),
    ) == counts
    assert ICS.objects.get(code="QMM").name == "Norfolk and Waveney Integrated Care System"


def _copy_with(tmp_path: Path, filename: str, line_number: int, replace: tuple[str, str]) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / filename
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    old, new = replace
    assert old in lines[line_number - 1]
    lines[line_number - 1] = lines[line_number - 1].replace(old, new)
    path.write_text("".join(lines), encoding="utf-8")
    return folder


def test_a_bad_row_is_reported_with_its_file_and_row_and_nothing_is_loaded(tmp_path):
    # Row 10 of organisations.csv (the header is row 1) gets a type that does not exist, and row 8 of
    # systems.csv (North Central London) a region that does not exist.
    folder = _copy_with(tmp_path, "organisations.csv", 10, (",acute,", ",hospital,"))
    systems = folder / "systems.csv"
    lines = systems.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[7].startswith("QMJ,")
    lines[7] = lines[7].replace(",Y56", ",Y99")
    systems.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        call_command("load_reference", "--data-dir", str(folder), stdout=None)

    message = str(raised.value)
    assert "systems.csv row 8: region_code 'Y99' is not a region in regions.csv" in message
    assert "organisations.csv row 10: org_type 'hospital' is not one of" in message
    assert "nothing was changed" in message
    assert message.count("row") == 2
    assert Region.objects.count() == 0
    assert ICS.objects.count() == 0
    assert Organisation.objects.count() == 0
