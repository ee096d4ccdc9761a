"""Every existing survey is about an offer, cohort or session: its academy is the offer's, and its subject the
session, else the cohort, else the offer. Re-runnable: it fills only what is still empty."""

from django.db import migrations


def fill(apps, schema_editor):
    Survey = apps.get_model("evaluation", "Survey")
    Offer = apps.get_model("offers", "Offer")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for offer_id, academy_id in Offer.objects.filter(
        pk__in=Survey.objects.filter(academy__isnull=True).values("offer_id")
    ).values_list("pk", "academy_id"):
        Survey.objects.filter(offer_id=offer_id, academy__isnull=True).update(academy_id=academy_id)
    types = {
        name: ContentType.objects.get_or_create(app_label="offers", model=name)[0]
        for name in ("session", "cohort", "offer")
    }
    empty = Survey.objects.filter(subject_type__isnull=True)
    for survey in empty.filter(session__isnull=False).only("pk", "session_id").iterator():
        Survey.objects.filter(pk=survey.pk).update(subject_type=types["session"], subject_id=survey.session_id)
    empty = Survey.objects.filter(subject_type__isnull=True)
    for survey in empty.filter(cohort__isnull=False).only("pk", "cohort_id").iterator():
        Survey.objects.filter(pk=survey.pk).update(subject_type=types["cohort"], subject_id=survey.cohort_id)
    empty = Survey.objects.filter(subject_type__isnull=True)
    for survey in empty.filter(offer__isnull=False).only("pk", "offer_id").iterator():
        Survey.objects.filter(pk=survey.pk).update(subject_type=types["offer"], subject_id=survey.offer_id)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0008_survey_about_any_subject"),
        ("offers", "0006_delivery_partner_moves_to_people"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
