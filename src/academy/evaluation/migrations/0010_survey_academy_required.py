"""Every survey belongs to an academy (filled from its offer by 0009): selectors and permissions scope by it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0009_fill_survey_academy_and_subject")]

    operations = [
        migrations.AlterField(
            model_name="survey",
            name="academy",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="surveys", to="people.academy"
            ),
        ),
    ]
