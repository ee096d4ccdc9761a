"""Ship the standard instruments. Re-runnable: an instrument key that already exists is left alone
(later changes to the definitions arrive as new versions through `manage.py load_instruments`)."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from academy.evaluation.standard import STANDARD_INSTRUMENTS

    Instrument = apps.get_model("evaluation", "Instrument")
    Question = apps.get_model("evaluation", "Question")
    for definition in STANDARD_INSTRUMENTS:
        if Instrument.objects.filter(key=definition["key"]).exists():
            continue
        instrument = Instrument.objects.create(
            key=definition["key"],
            name=definition["name"],
            description=definition["description"],
            version=1,
            status="published",
            published_at=timezone.now(),
        )
        for order, q in enumerate(definition["questions"], start=1):
            Question.objects.create(
                instrument=instrument,
                order=order,
                code=q["code"],
                text=q["text"],
                type=q["type"],
                choices=q.get("choices", []),
                required=q.get("required", True),
                consent_to_quote=q.get("consent_to_quote", False),
            )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_instruments_surveys_responses_goals_themes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
