import django.db.models.deletion
from django.db import migrations, models


def record_participants(apps, schema_editor):
    """Everyone who has booked with an academy, from the bookings so far (re-runnable: starts empty)."""
    AcademyParticipant = apps.get_model("offers", "AcademyParticipant")
    Booking = apps.get_model("offers", "Booking")
    AcademyParticipant.objects.all().delete()
    pairs = (
        Booking.objects.values_list("cohort__offer__academy_id", "person_id").distinct().order_by().iterator()
    )
    batch = []
    for academy_id, person_id in pairs:
        batch.append(AcademyParticipant(academy_id=academy_id, person_id=person_id))
        if len(batch) == 5000:
            AcademyParticipant.objects.bulk_create(batch)
            batch = []
    AcademyParticipant.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0004_attendance_person_required"),
        ("people", "0003_organisation_equality_count"),
    ]

    operations = [
        migrations.CreateModel(
            name="AcademyParticipant",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "academy",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.academy",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="people.person"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("academy", "person"), name="academy_participant_once")
                ],
            },
        ),
        migrations.RunPython(record_participants, migrations.RunPython.noop),
    ]
