"""Import responses from CSV and Excel exports of other survey tools.

All or nothing: every row is checked first, and if any row is wrong nothing is saved and every bad row
is reported (row number, column, reason). Rows are numbered as people see them in a spreadsheet's
data: the first row under the headings is row 1 (it is line 2 of the file).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from academy.core.parsing import DATE_RANGE_MESSAGE, date_in_range
from academy.core.types import Actor

from .models import Question, Response, Survey
from .permissions import can_manage_survey
from .services.responses import CleanedAnswers, clean_answer, responses_create_bulk

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
MAX_ERRORS_REPORTED = 1000
CONSENT_PREFIX = "consent:"
SUBMITTED_TARGET = "submitted_at"
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
)
YES = {"yes", "y", "true", "1", "agreed", "i agree"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class RowError:
    row: int  # data row, 1 = first row under the headings
    column: str
    message: str

    @property
    def line(self) -> int:
        return self.row + 1


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    errors_total: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors_total


def _check_upload(name: str, data: bytes) -> str:
    lowered = name.lower()
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": "The file must be smaller than 10MB."})
    if not data:
        raise ValidationError({"file": "The selected file is empty."})
    if lowered.endswith(".csv"):
        if b"\x00" in data[:4096]:
            raise ValidationError({"file": "The selected file must be a CSV or an Excel file (.xlsx)."})
        return "csv"
    if lowered.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise ValidationError({"file": "The selected file is not a real Excel file (.xlsx)."})
        return "xlsx"
    raise ValidationError({"file": "The selected file must be a CSV or an Excel file (.xlsx)."})


def read_table(name: str, data: bytes) -> tuple[list[str], Iterator[list[Any]]]:
    """Headings and data rows of a CSV (UTF-8, with or without BOM) or the first sheet of an .xlsx."""
    kind = _check_upload(name, data)
    if kind == "csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        reader = csv.reader(io.StringIO(text, newline=""))
        headers = next(reader, [])
        return [h.strip() for h in headers], (list(row) for row in reader)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is the same answer to the user
        raise ValidationError(
            {"file": "The Excel file could not be read. Save it again as .xlsx."}
        ) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, ())
    headers = ["" if h is None else str(h).strip() for h in first]
    return headers, (list(row) for row in rows)


def suggest_mapping(headers: list[str], questions: list[Question]) -> dict[str, str]:
    """Columns whose heading is a question's code or its exact wording."""
    by_key: dict[str, str] = {}
    for question in questions:
        by_key[question.code.casefold()] = question.code
        by_key[question.text.strip().casefold()] = question.code
    return {h: by_key[h.casefold()] for h in headers if h and h.casefold() in by_key}


def _clean_mapping(
    mapping: dict[str, str], headers: list[str], questions: dict[str, Question]
) -> dict[int, tuple[str, str]]:
    """Column index -> (heading, target) where target is a question code or consent:<code>."""
    errors: dict[str, str] = {}
    index = {h: i for i, h in enumerate(headers)}
    targets: dict[int, tuple[str, str]] = {}
    seen: set[str] = set()
    for column, target in mapping.items():
        if not target:
            continue
        if column not in index:
            errors[column] = f"There is no column called “{column}” in the file."
            continue
        code = target.removeprefix(CONSENT_PREFIX)
        if target == SUBMITTED_TARGET:
            if target in seen:
                errors[column] = "Only one column can hold when the response was given."
                continue
            seen.add(target)
            targets[index[column]] = (column, target)
            continue
        if code not in questions:
            errors[column] = f"“{target}” is not a question in this evaluation."
            continue
        if target.startswith(CONSENT_PREFIX) and not questions[code].consent_to_quote:
            errors[column] = f"“{questions[code].text}” does not ask for consent to quote."
            continue
        if target in seen:
            errors[column] = "Two columns cannot both fill the same question."
            continue
        seen.add(target)
        targets[index[column]] = (column, target)
    if not any(t in questions for _, t in targets.values()) and not errors:
        errors["mapping"] = "Match at least one column to a question."
    if errors:
        raise ValidationError({"mapping": [f"{k}: {v}" if k != "mapping" else v for k, v in errors.items()]})
    return targets


def responses_import(
    *,
    survey: Survey,
    filename: str,
    file: IO[bytes] | bytes,
    mapping: dict[str, str],
    submitted_at: dt.datetime | None = None,
    invited: int | None = None,
    by: Actor | None,
) -> ImportResult:
    """Check every row, then save all of them in one transaction, or none and say why.

    `invited` is how many people the other tool invited to this evaluation, counting earlier imports'
    too: it becomes the base of the imported responses' response rate (figures.scope_figures). Left
    out, the number stated before (if any) stands."""
    if by is not None and not can_manage_survey(by, survey):
        raise PermissionDenied("Only the academy's programme team can import responses to this evaluation.")
    if invited is not None and (isinstance(invited, bool) or not isinstance(invited, int) or invited < 0):
        raise ValidationError({"invited": "Enter the number of people invited as a whole number."})
    data = file if isinstance(file, bytes) else file.read()
    headers, rows = read_table(filename, data)
    questions = {q.code: q for q in survey.instrument.questions.order_by("order")}
    targets = _clean_mapping(mapping, headers, questions)
    answered_codes = {t for _, t in targets.values() if t in questions}
    consent_columns = {
        t.removeprefix(CONSENT_PREFIX): i for i, (_, t) in targets.items() if t.startswith(CONSENT_PREFIX)
    }
    missing = [q for code, q in questions.items() if q.required and code not in answered_codes]
    if missing:
        raise ValidationError(
            {"mapping": [f"Match a column to the required question “{q.text}”." for q in missing]}
        )
    result = ImportResult()
    cleaned_rows: list[CleanedAnswers] = []
    for number, row in enumerate(rows, start=1):
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        result.rows += 1
        if result.rows > MAX_ROWS:
            raise ValidationError(
                {"file": f"A file can hold at most {MAX_ROWS:,} rows. Split it and import each part."}
            )
        cleaned = CleanedAnswers()
        for position, (heading, target) in targets.items():
            if target == SUBMITTED_TARGET:
                raw_when = row[position] if position < len(row) else None
                when, problem = parse_when(raw_when)
                if problem:
                    _add_error(result, RowError(number, heading, problem))
                cleaned.submitted_at = when
                continue
            if target.startswith(CONSENT_PREFIX):
                continue
            question = questions[target]
            value = row[position] if position < len(row) else None
            consent = False
            if target in consent_columns:
                raw = row[consent_columns[target]] if consent_columns[target] < len(row) else None
                flag = "" if raw is None else str(raw).strip().casefold()
                if flag not in YES | NO:
                    _add_error(result, RowError(number, headers[consent_columns[target]], "Enter yes or no."))
                consent = flag in YES
            answer, error = clean_answer(question, value, consent=consent)
            if error:
                _add_error(result, RowError(number, heading, error))
            elif answer is not None:
                cleaned.answers.append(answer)
        if not result.errors_total:
            cleaned_rows.append(cleaned)
    if result.rows == 0:
        raise ValidationError({"file": "The file has headings but no rows of answers."})
    if result.errors_total:
        return result
    with transaction.atomic():
        if invited is not None:
            survey_imported_invited_set(survey=survey, invited=invited, adding=len(cleaned_rows), by=by)
        result.created = responses_create_bulk(
            survey=survey,
            rows=cleaned_rows,
            source=Response.Source.IMPORT,
            submitted_at=submitted_at or timezone.now(),
            by=by,
        )
    return result


@transaction.atomic
def survey_imported_invited_set(*, survey: Survey, invited: int, adding: int = 0, by: Actor | None) -> None:
    """Keep how many people the other tool invited (the survey row locked, so two imports decide in
    turn). It can never be fewer than the imported responses (those already in, and `adding` about to
    be), or the response rate would pass 100%. The same rule as the import: the survey's programme team."""
    from academy.core.audit import audit_record

    locked = Survey.objects.select_for_update(of=("self",)).get(pk=survey.pk)
    if by is not None and not can_manage_survey(by, locked):
        raise PermissionDenied("Only the academy's programme team can say how many the other tool invited.")
    imported = locked.responses.filter(source=Response.Source.IMPORT).count() + adding
    if invited < imported:
        raise ValidationError(
            {
                "invited": f"The number invited cannot be fewer than the {imported:,} imported responses "
                "(counting earlier imports to this evaluation)."
            }
        )
    locked.imported_invited = invited
    locked.save(update_fields=["imported_invited", "updated_at"])
    survey.imported_invited = invited
    audit_record(actor=by, action="evaluation.survey.imported_invited", obj=locked, invited=invited)


def parse_when(value: Any) -> tuple[dt.datetime | None, str | None]:
    """A response time from another tool: an Excel date or a UK or ISO date (and time), Europe/London."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    moment: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(12, 0))
    else:
        text = str(value).strip()
        for fmt in DATE_FORMATS:
            try:
                moment = dt.datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware just below
            except ValueError:
                continue
            break
    if moment is None:
        return None, "Enter a date such as 21/06/2022 or 2022-06-21, with a time if you have one."
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        return None, "The date cannot be in the future."
    if not date_in_range(moment):
        return None, DATE_RANGE_MESSAGE
    return moment, None


def _add_error(result: ImportResult, error: RowError) -> None:
    result.errors_total += 1
    if len(result.errors) < MAX_ERRORS_REPORTED:
        result.errors.append(error)
