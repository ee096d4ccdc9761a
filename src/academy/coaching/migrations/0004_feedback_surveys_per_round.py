"""Closure feedback moves from one survey per closed relationship (a one-person survey) to one survey per
hub, kind and calendar quarter (FeedbackRound).

Each existing feedback survey about a relationship goes to the round of the quarter its relationship
closed in: the first such survey becomes the round's survey (its dates widened to the quarter and the
answering weeks after it); the others' invitations and responses move into it (a second invitation of the
same person is dropped) and the emptied surveys are deleted. Answer tallies of the rounds' surveys are then
recounted by evaluation's own service, as every write of answers does. Going back is not supported: the
pooled responses cannot be told apart again, which is the point."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import migrations

LONDON = ZoneInfo("Europe/London")
FEEDBACK_KEYS = {"coaching": "coaching-feedback", "mentoring": "mentoring-feedback"}
ANSWER_DAYS = 42


def _quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    after = dt.date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return start, after - dt.timedelta(days=1)


def _start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    ContentType = apps.get_model("contenttypes", "ContentType")
    Relationship = apps.get_model("coaching", "Relationship")
    FeedbackRound = apps.get_model("coaching", "FeedbackRound")
    Survey = apps.get_model("evaluation", "Survey")
    Invitation = apps.get_model("evaluation", "Invitation")
    Response = apps.get_model("evaluation", "Response")
    relationship_type, _ = ContentType.objects.get_or_create(app_label="coaching", model="relationship")
    round_type, _ = ContentType.objects.get_or_create(app_label="coaching", model="feedbackround")
    touched = set()
    surveys = Survey.objects.filter(
        subject_type=relationship_type, instrument__key__in=list(FEEDBACK_KEYS.values())
    ).order_by("opens_at", "pk")
    for survey in surveys:
        relationship = Relationship.objects.filter(pk=survey.subject_id).select_related("request").first()
        if relationship is None:
            continue
        moment = relationship.closed_at or survey.opens_at
        start, end = _quarter(moment.astimezone(LONDON).date())
        round_, _ = FeedbackRound.objects.get_or_create(
            academy_id=relationship.request.academy_id,
            kind=relationship.kind,
            starts_on=start,
            defaults={"ends_on": end},
        )
        target = Survey.objects.filter(subject_type=round_type, subject_id=round_.pk).first()
        if target is None:
            survey.subject_type = round_type
            survey.subject_id = round_.pk
            survey.opens_at = min(survey.opens_at, _start(start))
            survey.closes_at = max(survey.closes_at, _start(end + dt.timedelta(days=1 + ANSWER_DAYS)))
            survey.save(update_fields=["subject_type", "subject_id", "opens_at", "closes_at"])
            touched.add(survey.pk)
            continue
        invited = set(Invitation.objects.filter(survey=target).exclude(person=None).values_list("person_id", flat=True))
        for invitation in Invitation.objects.filter(survey=survey):
            if invitation.person_id is not None and invitation.person_id in invited:
                invitation.delete()
            else:
                Invitation.objects.filter(pk=invitation.pk).update(survey=target)
        Response.objects.filter(survey=survey).update(survey=target)
        survey.delete()
        touched.add(target.pk)
    if touched:
        from academy.evaluation.services.responses import survey_tallies_refresh

        survey_tallies_refresh(survey_ids=sorted(touched))


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0003_feedback_rounds"),
        ("evaluation", "0012_answer_text_removed_by_retention"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
