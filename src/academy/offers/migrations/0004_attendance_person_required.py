import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0003: PostgreSQL will not alter a table with the backfill's foreign-key checks pending."""

    dependencies = [("offers", "0003_attendance_who_and_workplace")]

    operations = [
        migrations.AlterField(
            model_name="attendance",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.person"
            ),
        ),
    ]
