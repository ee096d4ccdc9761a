"""CSV and Excel downloads of tables, for every app.

A table is exported with exactly the numbers and the printed strings the page shows ("62%", "*"), so a
download can never disagree with the page. Text that a spreadsheet would treat as a formula is prefixed
with an apostrophe (CSV/formula injection): `safe_cell`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

Cell = str | int | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Fixed workbook dates, so the same figures give the same file.
WORKBOOK_DATE = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - openpyxl stores naive UTC


@dataclass(frozen=True)
class Table:
    key: str  # used in ?table=<key>
    title: str  # also the sheet name, shortened (see _sheet_name), unless `sheet` is given
    headers: list[str]
    rows: list[list[Cell]]
    sheet: str = ""


def safe_cell(value: Cell) -> Cell:
    """A cell as written out: text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(tables: list[Table]) -> bytes:
    """One table as plain CSV; several, one after another, each under its title."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for index, table in enumerate(tables):
        if len(tables) > 1:
            if index:
                writer.writerow([])
            writer.writerow([safe_cell(table.title)])
        writer.writerow([safe_cell(h) for h in table.headers])
        for row in table.rows:
            writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM so Excel reads UTF-8


SHEET_MAX = 31  # Excel's limit on a sheet name
# Titles end with the period they cover ("Response rates, 1 April 2023 to 31 March 2026"): every sheet of
# a workbook shares it, so the sheet name leaves it out.
PERIOD_SUFFIX = re.compile(r",\s*\d{1,2} \w+ \d{4} to \d{1,2} \w+ \d{4}$")
SHEET_FORBIDDEN = "[]:*?/\\"
DANGLING = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


def _fit(text: str, limit: int) -> str:
    """Text cut to the limit at a word boundary where there is one (no ellipsis: Excel counts it)."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
        words = cut.split(" ")
        while len(words) > 2 and words[-1].casefold() in DANGLING:  # not "Gender identity the"
            words.pop()
        cut = " ".join(words)
    return cut.rstrip(" ,;-–")


def _sheet_name(table: Table, used: set[str]) -> str:
    """A human sheet name from the table's title: no period, none of the characters Excel forbids, at most
    31 characters, unique in the workbook (Excel compares names ignoring case)."""
    title = table.sheet or PERIOD_SUFFIX.sub("", table.title) or table.key
    if ": " in title:  # "Equality reach: Sexual orientation" -> "Equality - Sexual orientation"
        prefix, rest = title.split(": ", 1)
        title = f"{prefix.split()[0]} - {rest}"
    cleaned = "".join(" " if c in SHEET_FORBIDDEN else c for c in title)
    name = " ".join(cleaned.split()).strip("'") or "Sheet"
    if name.casefold() == "history":  # reserved by Excel
        name = "History table"
    candidate, n = _fit(name, SHEET_MAX), 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = _fit(name, SHEET_MAX - len(suffix)) + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def to_xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table, used))
        sheet.append([safe_cell(table.title)])
        sheet["A1"].font = Font(bold=True)
        sheet.append([safe_cell(h) for h in table.headers])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([safe_cell(cell) for cell in row])
        sheet.column_dimensions["A"].width = 48
    if not tables:
        workbook.create_sheet("Empty")
    workbook.properties.created = WORKBOOK_DATE
    workbook.properties.modified = WORKBOOK_DATE
    workbook.properties.creator = "Academy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_in_time(buffer.getvalue())


def _fixed_in_time(xlsx: bytes) -> bytes:
    """openpyxl stamps the saving moment into docProps/core.xml and into every zip entry, so the same
    tables saved a second apart differ; put WORKBOOK_DATE in both, so a download is the same bytes."""
    import re
    import zipfile

    stamp = WORKBOOK_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    lambda m: m.group(1) + stamp.encode() + m.group(2),
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=WORKBOOK_DATE.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


def pick(tables: list[Table], key: str | None) -> list[Table]:
    """?table=<key> narrows a download to one table; an unknown key gives none."""
    if not key:
        return tables
    return [table for table in tables if table.key == key]
