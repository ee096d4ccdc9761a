import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def record_who_and_workplace(apps, schema_editor):
    """Existing attendance takes the booking's person and their current organisation and role level:
    the best there is."""
    Attendance = apps.get_model("offers", "Attendance")
    Booking = apps.get_model("offers", "Booking")
    booking = Booking.objects.filter(pk=OuterRef("booking_id"))
    Attendance.objects.update(
        person_id=Subquery(booking.values("person_id")[:1]),
        organisation_id=Subquery(booking.values("person__organisation_id")[:1]),
        role_level=Subquery(booking.values("person__role_level")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0002_initial"),
        ("people", "0003_organisation_equality_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="person",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.person"
            ),
        ),
        migrations.AddField(
            model_name="attendance",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="people.organisation",
            ),
        ),
        migrations.AddField(
            model_name="attendance",
            name="role_level",
            field=models.CharField(
                blank=True,
                choices=[
                    ("band_2", "Band 2"),
                    ("band_3", "Band 3"),
                    ("band_4", "Band 4"),
                    ("band_5", "Band 5"),
                    ("band_6", "Band 6"),
                    ("band_7", "Band 7"),
                    ("band_8a", "Band 8a"),
                    ("band_8b", "Band 8b"),
                    ("band_8c", "Band 8c"),
                    ("band_8d", "Band 8d"),
                    ("band_9", "Band 9"),
                    ("director", "Director"),
                    ("chief_executive", "Chief executive"),
                    ("other", "Other or equivalent"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(record_who_and_workplace, migrations.RunPython.noop),
    ]
