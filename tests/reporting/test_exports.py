"""Tables as CSV and Excel: the printed strings, formulas neutralised, one human sheet name each."""

import io

from academy.reporting.exports import Table, _sheet_name, pick, safe_cell, to_csv, to_xlsx


def test_text_a_spreadsheet_would_run_is_written_as_text():
    table = Table(
        key="people",
        title='=HYPERLINK("http://x")',
        headers=["Name", "Note"],
        rows=[["@SUM(A1)", "-2+3"], ["Ann", None], [7, "62%"]],
    )
    written = to_csv([table]).decode("utf-8-sig")
    assert written.splitlines() == ["Name,Note", "'@SUM(A1),'-2+3", "Ann,", "7,62%"]
    assert [safe_cell(v) for v in ("+1", "\tx", "ok", 3, None)] == ["'+1", "'\tx", "ok", 3, None]


def test_several_tables_are_written_under_their_titles_and_pick_narrows_to_one():
    first = Table(key="a", title="Delivery", headers=["Measure", "Number"], rows=[["Sessions", 3]])
    second = Table(key="b", title="Reach", headers=["ICS", "People"], rows=[["North", 12]])
    assert to_csv([first, second]).decode("utf-8-sig").splitlines() == [
        "Delivery",
        "Measure,Number",
        "Sessions,3",
        "",
        "Reach",
        "ICS,People",
        "North,12",
    ]
    assert pick([first, second], "b") == [second]
    assert pick([first, second], None) == [first, second]
    assert pick([first, second], "nothing") == []


def test_the_same_tables_give_the_same_workbook_bytes():
    import time

    from openpyxl import load_workbook

    table = Table(key="a", title="=cmd", headers=["Measure"], rows=[["-1"]])
    first = to_xlsx([table])
    time.sleep(1.1)  # openpyxl stamps the moment of saving; a download must not depend on it
    assert to_xlsx([table]) == first
    sheet = load_workbook(io.BytesIO(to_xlsx([table]))).active
    assert [sheet["A1"].value, sheet["A3"].value] == ["'=cmd", "'-1"]


def test_excel_sheets_have_unique_human_names_within_31_characters():
    used: set[str] = set()
    names = [
        _sheet_name(Table(key=key, title=title, headers=[], rows=[], sheet=sheet), used)
        for key, title, sheet in [
            (
                "equality-gender_identity_same_as_sex",
                "Equality reach: Gender identity the same as sex "
                "registered at birth, 1 April 2023 to 31 March 2026",
                "",
            ),
            (
                "equality-sexual_orientation",
                "Equality reach: Sexual orientation, 1 April 2023 to 31 March 2026",
                "",
            ),
            ("responses", "Response rates, 1 April 2023 to 31 March 2026", ""),
            ("1-question-apply", "x", "1 I will be able to apply learning from this session to my job role"),
            ("2-question-apply", "x", "1 I will be able to apply learning from this session to my job role"),
            ("q", "Which? [draft] a/b: c*d", ""),
        ]
    ]
    assert names == [
        "Equality - Gender identity",
        "Equality - Sexual orientation",
        "Response rates",
        "1 I will be able to apply",
        "1 I will be able to apply (2)",
        "Which - c d",
    ]
    assert all(len(name) <= 31 for name in names)
