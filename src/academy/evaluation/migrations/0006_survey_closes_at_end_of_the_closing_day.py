"""Closing dates typed on the page were stored as midnight at the start of the next day in Europe/London,
so "closes on 30 April" printed as "Closes on 1 May". They now mean the end of the closing day
(core.dates.end_of_day): move the closings stored the old way one microsecond back, to 23:59:59.999999
on the day that was typed. Re-runnable: a closing already at the end of its day is not midnight."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import migrations

LONDON = ZoneInfo("Europe/London")


def forwards(apps, schema_editor):
    Survey = apps.get_model("evaluation", "Survey")
    for survey in Survey.objects.only("pk", "closes_at", "opens_at").iterator():
        local = survey.closes_at.astimezone(LONDON)
        if local.time() != dt.time.min:
            continue
        closes_at = survey.closes_at - dt.timedelta(microseconds=1)
        if closes_at > survey.opens_at:
            Survey.objects.filter(pk=survey.pk).update(closes_at=closes_at)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0005_survey_imported_invited")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
