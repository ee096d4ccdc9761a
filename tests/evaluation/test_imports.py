"""Importing responses from other survey tools: all or nothing, every bad row reported."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from academy.evaluation.figures import survey_figures
from academy.evaluation.imports import responses_import
from academy.evaluation.models import Answer, Response
from tests.evaluation.helpers import attended_session, open_survey

pytestmark = pytest.mark.django_db

MAPPING = {
    "Q1 Apply learning": "apply_learning",
    "Q2 Objectives": "development_objectives",
    "Q3 Lead and influence": "lead_and_influence",
    "One word": "leadership_quality",
    "Comments": "testimony",
    "May we quote you?": "consent:testimony",
}
HEADINGS = list(MAPPING)


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def good_row(n: int = 0) -> list[str]:
    return ["Strongly agree", "Agree", "agree", "Courage", f"Comment {n}", "Yes" if n % 2 else "No"]


@pytest.fixture
def survey():
    session, _ = attended_session(0)
    return open_survey(session)


def test_a_good_csv_is_imported_and_counted(survey):
    rows = [good_row(n) for n in range(13)]
    result = responses_import(
        survey=survey, filename="export.csv", file=csv_bytes(rows), mapping=MAPPING, by=None
    )
    assert result.ok and result.created == 13
    figure = {q.code: q for q in survey_figures(survey).questions}
    assert figure["apply_learning"].agree.percent == 100
    assert figure["leadership_quality"].words[0].word == "courage"
    assert Answer.objects.filter(question__code="testimony", consent_to_quote=True).count() == 6
    assert set(Response.objects.values_list("source", flat=True)) == {"import"}
    assert not Response.objects.exclude(person=None).exists()


def test_ten_thousand_rows_with_row_9000_bad_saves_nothing_and_names_row_9000(survey):
    rows = [good_row(n) for n in range(10_000)]
    rows[8999][0] = "Quite agree"  # data row 9,000
    result = responses_import(
        survey=survey, filename="export.csv", file=csv_bytes(rows), mapping=MAPPING, by=None
    )
    assert not result.ok
    assert result.rows == 10_000
    assert [(e.row, e.column) for e in result.errors] == [(9000, "Q1 Apply learning")]
    assert result.errors[0].message == "Select one of the answers shown."
    assert result.errors[0].line == 9001
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_every_bad_row_is_reported(survey):
    rows = [good_row(n) for n in range(5)]
    rows[1][1] = ""  # required answer missing
    rows[3][2] = "7"
    rows[3][5] = "perhaps"
    result = responses_import(
        survey=survey, filename="export.csv", file=csv_bytes(rows), mapping=MAPPING, by=None
    )
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Q2 Objectives"),
        (4, "Q3 Lead and influence"),
        (4, "May we quote you?"),
    ]
    assert Response.objects.count() == 0


def test_an_excel_export_is_imported(survey):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS)
    for n in range(3):
        sheet.append(good_row(n))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = responses_import(
        survey=survey, filename="export.xlsx", file=buffer.getvalue(), mapping=MAPPING, by=None
    )
    assert result.created == 3


def test_a_mapping_to_an_unknown_question_or_column_is_refused(survey):
    with pytest.raises(ValidationError) as error:
        responses_import(
            survey=survey,
            filename="export.csv",
            file=csv_bytes([good_row()]),
            mapping={**MAPPING, "Nope": "apply_learning", "Comments": "no_such_question"},
            by=None,
        )
    assert "mapping" in error.value.message_dict


def test_a_required_question_with_no_column_is_refused(survey):
    mapping = {k: v for k, v in MAPPING.items() if v != "development_objectives"}
    with pytest.raises(ValidationError) as error:
        responses_import(
            survey=survey, filename="export.csv", file=csv_bytes([good_row()]), mapping=mapping, by=None
        )
    assert "development objectives" in str(error.value.message_dict["mapping"])


@pytest.mark.parametrize(
    ("name", "data"), [("export.pdf", b"%PDF"), ("export.xlsx", b"not a zip"), ("export.csv", b"")]
)
def test_files_that_are_not_csv_or_excel_are_refused(survey, name, data):
    with pytest.raises(ValidationError) as error:
        responses_import(survey=survey, filename=name, file=data, mapping=MAPPING, by=None)
    assert "file" in error.value.message_dict


def test_a_date_column_says_when_each_response_was_given(survey):
    import datetime as dt

    from django.utils import timezone

    mapping = {**MAPPING, "Completed": "submitted_at"}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*HEADINGS, "Completed"])
    writer.writerow([*good_row(1), "21/06/2022 14:30"])
    writer.writerow([*good_row(2), "2022-06-22"])
    writer.writerow([*good_row(3), ""])
    result = responses_import(
        survey=survey, filename="x.csv", file=buffer.getvalue().encode(), mapping=mapping, by=None
    )
    assert result.ok, result.errors
    days = sorted(timezone.localtime(r.submitted_at).date() for r in Response.objects.all())
    assert days[:2] == [dt.date(2022, 6, 21), dt.date(2022, 6, 22)]
    assert days[2] == timezone.localdate()  # no date given: today


def test_a_bad_date_is_reported_with_its_row(survey):
    mapping = {**MAPPING, "Completed": "submitted_at"}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*HEADINGS, "Completed"])
    writer.writerow([*good_row(1), "last Tuesday"])
    writer.writerow([*good_row(2), "01/01/2999"])
    result = responses_import(
        survey=survey, filename="x.csv", file=buffer.getvalue().encode(), mapping=mapping, by=None
    )
    assert [(e.row, e.column, e.message.split(" ")[0]) for e in result.errors] == [
        (1, "Completed", "Enter"),
        (2, "Completed", "The"),
    ]
    assert Response.objects.count() == 0


def test_ten_thousand_good_rows_are_all_imported(survey):
    rows = [good_row(n) for n in range(10_000)]
    result = responses_import(
        survey=survey, filename="export.csv", file=csv_bytes(rows), mapping=MAPPING, by=None
    )
    assert result.created == 10_000
    assert Response.objects.filter(survey=survey).count() == 10_000
    assert Answer.objects.filter(response__survey=survey).count() == 50_000
