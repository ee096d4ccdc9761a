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

        from .reports import programme_suite_pages, suite_pages, team_suite_pages

        suite_pages_register(suite_pages)
        suite_pages_register(programme_suite_pages)
        suite_pages_register(team_suite_pages)
        # Feedback at closure and the goal tracker are about the relationship: the coachee or mentee is
        # asked (participants_of); the hub's administrators manage its surveys (may_manage).
        survey_subject_register(
            Relationship,
            label="coaching relationship",
            academy_of=lambda relationship: relationship.request.academy,
            participants_of=lambda relationship: [relationship.requester],
            may_manage=permissions.can_manage_relationship_surveys,
        )
        # A commissioned programme's goal tracker is about each person's place on it; team coaching
        # feedback is about the journey, asked of the team leader and the team (not stakeholders).
        from .models import ProgrammeParticipant, TeamJourney

        survey_subject_register(
            ProgrammeParticipant,
            label="place on a commissioned coaching programme",
            academy_of=lambda participant: participant.programme.academy,
            participants_of=lambda participant: [participant.person],
            may_manage=permissions.can_manage_programme_place,
        )
        survey_subject_register(
            TeamJourney,
            label="team coaching journey",
            academy_of=lambda journey: journey.academy,
            participants_of=lambda journey: [
                journey.team_leader,
                *(m.person for m in journey.members.filter(role="member").select_related("person")),
            ],
            may_manage=permissions.can_manage_team_journey,
        )
        # Closure feedback: one anonymous survey per hub, kind and quarter (FeedbackRound), to which
        # everyone whose accepted relationship closed in the quarter is invited.
        from academy.people.models import Person

        from .models import FeedbackRound
        from .services import feedback_round_closed_relationships

        survey_subject_register(
            FeedbackRound,
            label="coaching and mentoring feedback round",
            academy_of=lambda round_: round_.academy,
            participants_of=lambda round_: Person.objects.filter(
                pk__in=feedback_round_closed_relationships(round_).values("requester_id")
            ).order_by("pk"),
            may_manage=lambda user, round_: permissions.can_administer_hub(user, round_.academy_id),
        )
