"""Shared steps for the offers tests."""

import datetime as dt
import html as htmllib
import re

from django.db.models import F

from academy.offers.models import Session

A_YEAR = dt.timedelta(days=365)


def time_passes(*sessions: Session) -> list[Session]:
    """The sessions have taken place: moved a year back, so attendance can be recorded for them (booking
    onto their cohort, decided by its dates, is unaffected)."""
    ids = [s.pk for s in sessions]
    Session.objects.filter(pk__in=ids).update(
        starts_at=F("starts_at") - A_YEAR, ends_at=F("ends_at") - A_YEAR
    )
    for session in sessions:
        session.refresh_from_db()
    return list(sessions)


def text(response) -> str:
    """The page's visible words, tags removed and spaces collapsed, for assertions a reader would make."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    # Table cells repeat their column's heading for phones only (the NHS.UK responsive table).
    html = re.sub(r'<span class="nhsuk-table__heading" aria-hidden="true">.*?</span>', " ", html)
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())
