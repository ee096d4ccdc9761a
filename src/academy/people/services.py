"""Every write about people: staff details, equality monitoring, roles, export and anonymisation."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.types import Actor

from . import registry
from .models import (
    ICS,
    Academy,
    EqualityRecord,
    Organisation,
    OrganisationEqualityCount,
    Person,
    RoleAssignment,
    User,
)
from .permissions import COLLEAGUE_NOT_FOUND, is_administrator, may_choose_colleague
from .selectors import EQUALITY_QUESTIONS, would_create_cycle

EQUALITY_FIELDS: tuple[str, ...] = EQUALITY_QUESTIONS

_UNSET: Any = object()


def _is_self(person: Person, by: Actor) -> bool:
    return (
        bool(getattr(by, "is_authenticated", False))
        and person.user_id is not None
        and person.user_id == by.pk
    )


def _is_administrator(by: Actor) -> bool:
    return is_administrator(by)


# --- staff details ----------------------------------------------------------------------------


def can_edit_details(*, person: Person, by: Actor) -> bool:
    return _is_self(person, by) or _is_administrator(by)


@transaction.atomic
def person_update_details(
    *,
    person: Person,
    by: Actor,
    job_title: str = _UNSET,
    role_level: str = _UNSET,
    staff_group: str = _UNSET,
    profession: str = _UNSET,
    organisation: Organisation | None = _UNSET,
    line_manager: Person | None = _UNSET,
) -> Person:
    """Change a person's job details. Only the person themself or an administrator may.

    The line manager may be neither the person nor anyone below them (that would close a loop). A
    person changing their own record may name only someone the rule lets them choose (someone in
    their own organisation: people.permissions.may_choose_colleague); an administrator anyone.
    Arguments left out are not changed.
    """
    if not can_edit_details(person=person, by=by):
        raise PermissionDenied("You cannot change this person's details.")
    if person.anonymised_at is not None:
        raise ValidationError("This person's record has been anonymised and cannot be changed.")
    changes: dict[str, Any] = {
        "job_title": job_title,
        "role_level": role_level,
        "staff_group": staff_group,
        "profession": profession,
        "organisation": organisation,
        "line_manager": line_manager,
    }
    changes = {name: value for name, value in changes.items() if value is not _UNSET}
    if line_manager is not _UNSET and line_manager is not None:
        manager = line_manager
        if manager.pk == person.pk:
            raise ValidationError({"line_manager": "A person cannot be their own line manager."})
        if manager.pk != person.line_manager_id and not _is_administrator(by):
            works_for = person.organisation if organisation is _UNSET else organisation
            if works_for is None or not may_choose_colleague(
                chooser=person, candidate=manager, organisation_id=works_for.pk
            ):
                raise ValidationError({"line_manager": COLLEAGUE_NOT_FOUND})
        if would_create_cycle(person=person, manager=manager):
            raise ValidationError(
                {
                    "line_manager": f"{manager.full_name} reports to {person.full_name}, so cannot be their line manager."
                }
            )
    previous_organisation_id = person.organisation_id
    changed = []
    for name, value in changes.items():
        if name in {"job_title", "profession"} and value is None:
            value = ""
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if not changed:
        return person
    person.full_clean(validate_unique=False, validate_constraints=False)
    person.save(update_fields=[*changed, "updated_at"])
    if "organisation" in changed:
        equality_profile_refresh(organisation_ids=[previous_organisation_id, person.organisation_id])
    audit_record(actor=by, action="people.person.update", obj=person, fields=sorted(changed))
    return person


# --- equality monitoring ----------------------------------------------------------------------


def can_read_equality(*, person: Person, by: Actor) -> bool:
    return _is_self(person, by) or bool(
        isinstance(by, User) and by.is_authenticated and by.has_perm("people.view_equalityrecord")
    )


def equality_record_get(*, person: Person, by: Actor) -> EqualityRecord | None:
    """The person's equality record (None if they have not answered).

    Only the person themself and holders of people.view_equalityrecord may read it; a read by anyone
    else is audited, whether or not there is a record.
    """
    if not can_read_equality(person=person, by=by):
        raise PermissionDenied("You cannot see this person's equality monitoring answers.")
    record = EqualityRecord.objects.filter(person=person).first()
    if not _is_self(person, by):
        audit_record(actor=by, action="people.equality.read", obj=person)
    return record


@transaction.atomic
def equality_record_save(*, person: Person, by: Actor, **answers: str) -> EqualityRecord:
    """Save the person's own answers. Self-declared: nobody else may answer for them.

    Unknown questions or answers are refused with field errors. Only the names of changed questions
    go to the audit log, never the answers.
    """
    if not _is_self(person, by):
        raise PermissionDenied("Only the person themself can answer equality monitoring questions.")
    unknown = set(answers) - set(EQUALITY_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This is not an equality monitoring question."))
    record = EqualityRecord.objects.select_for_update().filter(person=person).first()
    created = record is None
    if record is None:
        record = EqualityRecord(person=person)
    changed = []
    for name, value in answers.items():
        value = value or ""
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    if not changed and not created:
        return record
    record.full_clean(exclude=["person"])
    record.save()
    equality_profile_refresh(organisation_ids=[person.organisation_id])
    audit_record(
        actor=by,
        action="people.equality.create" if created else "people.equality.update",
        obj=person,
        questions=sorted(changed),
    )
    return record


@transaction.atomic
def equality_profile_refresh(*, organisation_ids: Iterable[int | None] | None = None) -> int:
    """Recount the workforce equality profile (OrganisationEqualityCount) of these organisations, or of
    every organisation when `organisation_ids` is None. Exact, not incremental: the rows are rebuilt
    from the equality records, one grouped count per question. The organisations' rows are locked
    first, so two refreshes of one organisation run one after the other and the second counts what the
    first wrote. Returns the number of rows written.
    """
    organisations = Organisation.objects.order_by("pk")
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in={i for i in organisation_ids if i is not None})
    ids = list(organisations.select_for_update().values_list("pk", flat=True))
    if not ids:
        return 0
    records = EqualityRecord.objects.filter(person__organisation_id__in=organisations.values("pk"))
    rows = [
        OrganisationEqualityCount(
            organisation_id=row["organisation"],
            characteristic=question,
            answer=row["answer"],
            people=row["n"],
        )
        for question in EQUALITY_FIELDS
        for row in records.exclude(**{question: ""})
        .values(organisation=F("person__organisation_id"), answer=F(question))
        .annotate(n=Count("id"))
        .order_by()
    ]
    OrganisationEqualityCount.objects.filter(organisation_id__in=organisations.values("pk")).delete()
    OrganisationEqualityCount.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


# --- roles ------------------------------------------------------------------------------------


@transaction.atomic
def role_assignment_create(
    *,
    user: User,
    role: str,
    by: Actor,
    academy: Academy | None = None,
    ics: ICS | None = None,
    delivery_partner: Any = None,
) -> RoleAssignment:
    """Give a user a role with its scope. Administrators only."""
    if not _is_administrator(by):
        raise PermissionDenied("Only an administrator can assign roles.")
    assignment = RoleAssignment(
        user=user, role=role, academy=academy, ics=ics, delivery_partner=delivery_partner
    )
    assignment.full_clean(validate_unique=False, validate_constraints=False)
    errors: dict[str, str] = {}
    if role == "programme_manager" and academy is None:
        errors["academy"] = "Choose the academy this programme manager works for."
    if role == "facilitator" and delivery_partner is None:
        errors["delivery_partner"] = "Choose the delivery partner this facilitator works for."
    if role == "ics_od_lead" and ics is None:
        errors["ics"] = "Choose the integrated care system this OD lead works in."
    if errors:
        raise ValidationError(errors)
    # The unique constraint treats empty scopes as distinct, so duplicates are checked here too.
    if RoleAssignment.objects.filter(
        user=user, role=role, academy=academy, ics=ics, delivery_partner=delivery_partner
    ).exists():
        raise ValidationError({"role": "This user already has this role with this scope."})
    assignment.save()
    audit_record(actor=by, action="people.role.grant", obj=assignment, user_id=user.pk, role=role)
    return assignment


@transaction.atomic
def role_assignment_delete(*, assignment: RoleAssignment, by: Actor) -> None:
    if not _is_administrator(by):
        raise PermissionDenied("Only an administrator can remove roles.")
    audit_record(
        actor=by,
        action="people.role.revoke",
        obj=assignment,
        user_id=assignment.user_id,
        role=assignment.role,
    )
    assignment.delete()


# --- export and anonymisation -----------------------------------------------------------------


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def person_export(*, person: Person, by: Actor) -> dict[str, Any]:
    """Everything Academy holds about a person, as plain data (the right of access).

    The person may export their own; an administrator anyone's (audited, as is the equality read).
    """
    if not (_is_self(person, by) or _is_administrator(by)):
        raise PermissionDenied("You cannot export this person's data.")
    person = Person.objects.select_related("organisation", "line_manager", "user").get(pk=person.pk)
    organisation = person.organisation
    details = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "email": person.email,
        "job_title": person.job_title,
        "role_level": person.get_role_level_display() if person.role_level else "",
        "staff_group": person.get_staff_group_display() if person.staff_group else "",
        "profession": person.profession,
        "organisation": (
            {"name": organisation.name, "ods_code": organisation.ods_code}
            if organisation is not None
            else None
        ),
        "line_manager": person.line_manager.full_name if person.line_manager is not None else None,
        "record_created": _iso(person.created_at),
        "record_updated": _iso(person.updated_at),
    }
    account = None
    if person.user is not None:
        account = {
            "username": person.user.username,
            "date_joined": _iso(person.user.date_joined),
            "last_login": _iso(person.user.last_login),
            "roles": [
                {
                    "role": assignment.get_role_display(),
                    "academy": str(assignment.academy) if assignment.academy else None,
                    "ics": str(assignment.ics) if assignment.ics else None,
                    "delivery_partner": str(assignment.delivery_partner)
                    if assignment.delivery_partner
                    else None,
                }
                for assignment in RoleAssignment.objects.filter(user=person.user).select_related(
                    "academy", "ics", "delivery_partner"
                )
            ],
        }
    equality = None
    record = EqualityRecord.objects.filter(person=person).first()
    if record is not None:
        equality = {name: getattr(record, f"get_{name}_display")() for name in EQUALITY_FIELDS}
    if not _is_self(person, by):
        audit_record(actor=by, action="people.person.export", obj=person)
        if record is not None:
            audit_record(actor=by, action="people.equality.read", obj=person)
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "details": details,
        "account": account,
        "equality_monitoring": equality,
    }
    # Everything other apps hold (bookings, goals, named responses...), registered with people.registry.
    for contributor in registry.contributors():
        if contributor.export is not None:
            section = contributor.export(person)
            if clash := data.keys() & section.keys():
                raise ValueError(f"{contributor.app} exports sections already named: {sorted(clash)}")
            data.update(section)
    return data


@transaction.atomic
def person_anonymise(*, person: Person, by: Actor) -> Person:
    """Erase what identifies a person while keeping the figures they are part of.

    Name, e-mail, job title, profession, reporting line, equality answers and their login's identity
    go, and every app registered with people.registry clears the free text and job titles it holds about
    them (application statements, adjustment requests, goal text, the job title kept with their
    answers); organisation, role level, staff group, bookings, attendance, goal ratings and answers stay
    so that the figures they are part of still add up. Administrators only.
    """
    if not _is_administrator(by):
        raise PermissionDenied("Only an administrator can anonymise a person.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at is not None:
        raise ValidationError("This person has already been anonymised.")
    placeholder = f"anonymised-{person.pk}"
    person.given_name = "Anonymised"
    person.family_name = f"person {person.pk}"
    person.email = f"{placeholder}@anonymised.invalid"
    person.job_title = ""
    person.profession = ""
    person.line_manager = None
    person.calendar_token = None
    person.anonymised_at = timezone.now()
    person.save()
    EqualityRecord.objects.filter(person=person).delete()
    equality_profile_refresh(organisation_ids=[person.organisation_id])
    # What other apps hold (application statements, goal text, job titles kept with answers...).
    for contributor in registry.contributors():
        if contributor.anonymise is not None:
            contributor.anonymise(person)
    if person.user_id is not None:
        user = User.objects.select_for_update().get(pk=person.user_id)
        user.username = placeholder
        user.email = f"{placeholder}@anonymised.invalid"
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.filter(user=user).delete()
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=user).delete()
    audit_record(actor=by, action="people.person.anonymise", obj=person)
    return person
