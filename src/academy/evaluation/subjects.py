"""What a survey can be about: any model an app registers, not only an offer, cohort or session.

An app registers its subject once, in its `AppConfig.ready()`:

    from academy.evaluation.subjects import survey_subject_register

    survey_subject_register(
        Relationship,
        label="coaching relationship",
        academy_of=lambda relationship: relationship.academy,
        participants_of=lambda relationship: [relationship.coachee],
        may_manage=can_manage_relationship,  # (user, relationship) -> bool, from the app's permissions.py
    )

and then creates a survey with `evaluation.services.surveys.survey_create(instrument=..., subject=obj, by=...)`.
The survey stores the academy (`academy_of(obj)`), which every selector and permission scopes by; invitations
go to `participants_of(obj)`; `may_manage(user, obj)` decides who may create, invite, remind and close.
Offers, cohorts and sessions are registered here the same way (by evaluation itself, which knows offers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from academy.people.models import Academy, Person


@dataclass(frozen=True)
class SurveySubject:
    model: type[Model]
    label: str  # "coaching relationship": how pages name the kind of subject
    academy_of: Callable[[Any], Academy]
    participants_of: Callable[[Any], Iterable[Person]]
    may_manage: Callable[[Any, Any], bool]


_SUBJECTS: dict[type[Model], SurveySubject] = {}


def survey_subject_register(
    model: type[Model],
    *,
    label: str,
    academy_of: Callable[[Any], Academy],
    participants_of: Callable[[Any], Iterable[Person]],
    may_manage: Callable[[Any, Any], bool],
) -> SurveySubject:
    """Let surveys be about `model`'s rows. Registering a model again replaces its entry (tests, reloads)."""
    subject = SurveySubject(
        model=model,
        label=label,
        academy_of=academy_of,
        participants_of=participants_of,
        may_manage=may_manage,
    )
    _SUBJECTS[model] = subject
    return subject


def survey_subject_unregister(model: type[Model]) -> None:
    _SUBJECTS.pop(model, None)


def survey_subject_of(obj: Model) -> SurveySubject | None:
    """The registration for this object's model, None when surveys cannot be about it."""
    return _SUBJECTS.get(type(obj)._meta.concrete_model or type(obj))


def survey_subjects() -> list[SurveySubject]:
    return sorted(_SUBJECTS.values(), key=lambda s: s.label)


def register_offer_subjects() -> None:
    """Offers, cohorts and sessions, as every survey before the registry: the offer's academy, the people
    marked present, and the offer's programme team (evaluation.permissions)."""
    from academy.offers.models import Cohort, Offer, Session

    from .permissions import can_create_survey
    from .selectors import attendances_to_invite

    def present(**where: Any) -> list[Person]:
        ids = attendances_to_invite().filter(**where).values("person_id")
        return list(Person.objects.filter(pk__in=ids).order_by("pk"))

    survey_subject_register(
        Offer,
        label="offer",
        academy_of=lambda offer: offer.academy,
        participants_of=lambda offer: present(session__cohort__offer_id=offer.pk),
        may_manage=lambda user, offer: can_create_survey(user, offer),
    )
    survey_subject_register(
        Cohort,
        label="cohort",
        academy_of=lambda cohort: cohort.offer.academy,
        participants_of=lambda cohort: present(session__cohort_id=cohort.pk),
        may_manage=lambda user, cohort: can_create_survey(user, cohort.offer),
    )
    survey_subject_register(
        Session,
        label="session",
        academy_of=lambda session: session.cohort.offer.academy,
        participants_of=lambda session: present(session_id=session.pk),
        may_manage=lambda user, session: can_create_survey(user, session.cohort.offer),
    )
