from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "academy.coaching"
    label = "coaching"
    verbose_name = "Coaching and mentoring hub"

    def ready(self) -> None:
        from academy.evaluation.subjects import survey_subject_register
        from academy.people.registry import register

        from . import (
            permissions,  # noqa: F401  (registers the hub administrator's and coach's scopes)
            retention,
        )
        from .models import Relationship
        from .personal_data import PERSONAL_DATA

        register(PERSONAL_DATA)
        retention.register()
        from academy.evaluation.reports import suite_pages_register

        from .reports import suite_pages

        suite_pages_register(suite_pages)
        # Feedback at closure and the goal tracker are about the relationship: the coachee or mentee is
        # asked (participants_of); the hub's administrators manage its surveys (may_manage).
        survey_subject_register(
            Relationship,
            label="coaching relationship",
            academy_of=lambda relationship: relationship.request.academy,
            participants_of=lambda relationship: [relationship.requester],
            may_manage=permissions.can_manage_relationship_surveys,
        )
