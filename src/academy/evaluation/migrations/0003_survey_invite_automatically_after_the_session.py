"""Surveys can send their invitations automatically once their session (or cohort) has ended.

Evaluations that already exist were created when invitations were only ever sent by hand, so they keep
that behaviour (the column is added as False); new evaluations default to sending automatically.
"""

from django.db import migrations, models

HELP_TEXT = (
    "Send invitations by e-mail to the people marked present as soon as the session ends (for a "
    "cohort: its last session). Never for an evaluation of a whole offer, whose cohorts end at "
    "different times."
)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_load_standard_instruments"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="invite_automatically",
            field=models.BooleanField(default=False, help_text=HELP_TEXT),
        ),
        migrations.AlterField(
            model_name="survey",
            name="invite_automatically",
            field=models.BooleanField(default=True, help_text=HELP_TEXT),
        ),
    ]
