"""Every write for the coaching and mentoring hub: one function per action, inside a transaction.

A practitioner's places are counted on their profile row (active_count) and changed only while that
row is locked: two acceptances racing for the last place queue on the lock, and the second finds no
place left. A check constraint (active_count <= capacity) backs this up. A matching run is published
under its own row lock, and its shortlist rows are unique per run, so two administrators publishing
the same run leave one publication.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.outbox import outbox_enqueue
from academy.core.types import Actor
from academy.evaluation.standard import GOAL_THEMES
from academy.offers.models import Booking, Offer
from academy.people.models import Academy, Person, RoleLevel, Sector
from academy.people.selectors import line_chain_ids

from .models import (
    CoachingSession,
    EligibilityRule,
    Exclusion,
    HubSettings,
    Kind,
    LivedExperience,
    LivedExperienceWish,
    MatchingRun,
    PractitionerKind,
    PractitionerProfile,
    Relationship,
    Request,
    RequestGoal,
    SessionNote,
    ShortlistEntry,
)
from .permissions import (
    can_administer_hub,
    can_ask,
    can_close_relationship,
    can_create_profile,
    can_edit_profile,
    can_log_session,
    can_manage_run,
    can_read_lived_experience,
    can_read_notes,
    can_respond_to_introduction,
    can_run_matching,
    can_verify_accreditation,
    can_withdraw_request,
    is_party_to,
    is_requester,
    is_requester_of,
    person_of,
)

PROFILE_FIELDS = {
    "kind",
    "accreditation_body",
    "accreditation_level",
    "accreditation_evidence",
    "accreditation_expires_on",
    "supervision",
    "specialisms",
    "sectors",
    "role_levels",
    "delivery_format",
    "region",
    "years_experience",
    "capacity",
    "availability",
    "paused_until",
    "published",
    "allows_own_organisation",
    "about",
    "lived_experience",
}
ROLE_LEVEL_ORDER = [value for value, _ in RoleLevel.choices if value != RoleLevel.OTHER]
MAX_GOALS = 5


def _require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    if not condition:
        raise PermissionDenied(message)


def _validate(instance: Any, errors: dict[str, str], exclude: list[str]) -> None:
    """Our business rules plus model validation (choices, lengths, required), as one set of field errors."""
    collected: dict[str, list[str]] = {name: [message] for name, message in errors.items()}
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            collected.setdefault(name, []).extend(messages)
    if collected:
        raise ValidationError(collected)


def _choices_errors(values: Any, allowed: Iterable[str], field: str, what: str) -> dict[str, str]:
    if not isinstance(values, list | tuple) or any(not isinstance(v, str) for v in values):
        return {field: f"Choose {what} from the list."}
    unknown = [v for v in values if v not in set(allowed)]
    return {field: f"Choose {what} from the list."} if unknown else {}


def hub_settings_for(academy: Academy) -> HubSettings:
    hub, _ = HubSettings.objects.get_or_create(academy=academy)
    return hub


# --- Profiles -------------------------------------------------------------------------------------


def _validate_profile(profile: PractitionerProfile) -> None:
    errors: dict[str, str] = {}
    errors.update(_choices_errors(profile.specialisms, GOAL_THEMES, "specialisms", "specialisms"))
    errors.update(_choices_errors(profile.sectors, Sector.values, "sectors", "sectors"))
    errors.update(_choices_errors(profile.role_levels, RoleLevel.values, "role_levels", "role levels"))
    errors.update(
        _choices_errors(
            profile.lived_experience, LivedExperience.values, "lived_experience", "lived experience"
        )
    )
    if not profile.specialisms and "specialisms" not in errors:
        errors["specialisms"] = "Choose at least one area you coach or mentor in."
    if profile.capacity is None or not 1 <= profile.capacity <= 20:
        errors["capacity"] = "Enter how many people you can work with at once, from 1 to 20."
    elif profile.capacity < profile.active_count:
        errors["capacity"] = (
            f"You are working with {profile.active_count} people now, so your capacity cannot be lower."
        )
    if profile.years_experience is not None and profile.years_experience > 60:
        errors["years_experience"] = "Enter your years of experience, from 0 to 60."
    if profile.delivery_format == "in_person" and profile.region_id is None:
        errors["region"] = "Choose the region where you can meet in person."
    if profile.published and not profile.accreditation_body and profile.kind != PractitionerKind.MENTOR:
        errors["accreditation_body"] = "Enter your accrediting body before you publish your coaching profile."
    _validate(profile, errors, exclude=["person", "academy", "accreditation_evidence"])


@transaction.atomic
def profile_create(
    *, person: Person, academy: Academy, by: Actor, kind: str, **fields: Any
) -> PractitionerProfile:
    """A practitioner registers with an academy's hub. Only they create their own profile."""
    _require(can_create_profile(by, person), "You can only create your own profile.")
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field is not recognised."))
    if PractitionerProfile.objects.filter(person=person).exists():
        raise ValidationError({"kind": "You already have a profile. Change it instead."})
    profile = PractitionerProfile(person=person, academy=academy, kind=kind, **fields)
    _validate_profile(profile)
    profile.save()
    audit_record(actor=by, action="coaching.profile.create", obj=profile)
    return profile


@transaction.atomic
def profile_update(*, profile: PractitionerProfile, by: Actor, **fields: Any) -> PractitionerProfile:
    """The practitioner changes their own profile (pausing is `paused_until`, publishing `published`).
    A new evidence file needs verifying again."""
    _require(can_edit_profile(by, profile), "You can only change your own profile.")
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field is not recognised."))
    profile = PractitionerProfile.objects.select_for_update().get(pk=profile.pk)
    accreditation_changed = any(
        name in fields and fields[name] != getattr(profile, name)
        for name in ("accreditation_body", "accreditation_level", "accreditation_expires_on")
    ) or bool(fields.get("accreditation_evidence"))
    for name, value in fields.items():
        setattr(profile, name, value)
    if accreditation_changed:
        profile.accreditation_verified_at = None
        profile.accreditation_verified_by = None
    _validate_profile(profile)
    profile.save()
    audit_record(actor=by, action="coaching.profile.update", obj=profile, fields=sorted(fields))
    return profile


@transaction.atomic
def profile_verify_accreditation(*, profile: PractitionerProfile, by: Actor) -> PractitionerProfile:
    """The hub administrator has seen the evidence and confirms the accreditation."""
    _require(can_verify_accreditation(by, profile), "Only the hub's administrators can verify accreditation.")
    profile = PractitionerProfile.objects.select_for_update().get(pk=profile.pk)
    if not profile.accreditation_evidence:
        raise ValidationError({"accreditation_evidence": "There is no evidence to verify yet."})
    if (
        profile.accreditation_expires_on is not None
        and profile.accreditation_expires_on < timezone.localdate()
    ):
        raise ValidationError({"accreditation_expires_on": "This accreditation has expired."})
    profile.accreditation_verified_at = timezone.now()
    profile.accreditation_verified_by = by if getattr(by, "is_authenticated", False) else None  # type: ignore[assignment]
    profile.save(update_fields=["accreditation_verified_at", "accreditation_verified_by", "updated_at"])
    audit_record(actor=by, action="coaching.profile.verify", obj=profile)
    return profile


@transaction.atomic
def hub_weights_update(*, academy: Academy, by: Actor, **weights: Any) -> HubSettings:
    _require(can_administer_hub(by, academy.pk), "Only the hub's administrators can change the weights.")
    hub = HubSettings.objects.select_for_update().filter(academy=academy).first() or hub_settings_for(academy)
    errors: dict[str, str] = {}
    for name, value in weights.items():
        field = f"weight_{name}" if not name.startswith("weight_") else name
        if field not in HubSettings.WEIGHT_FIELDS:
            errors[name] = "This field is not recognised."
        elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
            errors[name] = "Enter a weight from 0 to 10."
        else:
            setattr(hub, field, value)
    if not errors and not any(getattr(hub, f) for f in HubSettings.WEIGHT_FIELDS):
        errors["goals"] = "At least one weight must be above 0."
    if errors:
        raise ValidationError(errors)
    hub.save()
    audit_record(actor=by, action="coaching.weights.update", obj=hub, **hub.weights())
    return hub


@transaction.atomic
def exclusion_add(*, person: Person, excluded: Person, by: Actor) -> Exclusion:
    """Someone `person` will never be matched with, on either side."""
    own = person_of(by)
    _require(own is not None and own.pk == person.pk, "You can only add your own exclusions.")
    if excluded.pk == person.pk:
        raise ValidationError({"excluded": "You cannot exclude yourself."})
    exclusion, _ = Exclusion.objects.get_or_create(person=person, excluded=excluded)
    audit_record(actor=by, action="coaching.exclusion.add", obj=exclusion)
    return exclusion


@transaction.atomic
def exclusion_remove(*, exclusion: Exclusion, by: Actor) -> None:
    """Take back one's own exclusion (the person may be matched with them again)."""
    own = person_of(by)
    _require(own is not None and own.pk == exclusion.person_id, "You can only remove your own exclusions.")
    audit_record(actor=by, action="coaching.exclusion.remove", obj=exclusion)
    Exclusion.objects.filter(pk=exclusion.pk).delete()


@transaction.atomic
def eligibility_rule_create(
    *,
    academy: Academy,
    by: Actor,
    kind: str,
    description: str,
    minimum_role_level: str = "",
    alumni_of: Any = None,
    needs_line_manager_agreement: bool = False,
) -> EligibilityRule:
    _require(can_administer_hub(by, academy.pk), "Only the hub's administrators can set eligibility rules.")
    rule = EligibilityRule(
        academy=academy,
        kind=kind,
        description=description.strip(),
        minimum_role_level=minimum_role_level,
        alumni_of=alumni_of,
        needs_line_manager_agreement=needs_line_manager_agreement,
    )
    errors = {}
    if alumni_of is not None and alumni_of.academy_id != academy.pk:
        errors["alumni_of"] = "Choose a programme your academy runs."
    _validate(rule, errors, exclude=["academy"])
    rule.save()
    audit_record(actor=by, action="coaching.eligibility.create", obj=rule)
    return rule


# --- Requests -------------------------------------------------------------------------------------


def eligibility_errors(
    *, person: Person, academy: Academy, kind: str, line_manager_agreed: bool
) -> dict[str, str]:
    """What stops `person` asking this academy's hub for `kind`, by field; empty when they may."""
    errors: dict[str, str] = {}
    for rule in EligibilityRule.objects.filter(academy=academy, kind=kind):
        if rule.minimum_role_level:
            level = person.role_level
            if level not in ROLE_LEVEL_ORDER or ROLE_LEVEL_ORDER.index(level) < ROLE_LEVEL_ORDER.index(
                rule.minimum_role_level
            ):
                errors["kind"] = f"This hub is open to: {rule.description}."
        if (
            rule.alumni_of_id
            and not Booking.objects.filter(
                person=person, cohort__offer_id=rule.alumni_of_id, completed_at__isnull=False
            ).exists()
        ):
            errors["kind"] = f"This hub is open to: {rule.description}."
        if rule.needs_line_manager_agreement and not line_manager_agreed:
            errors["line_manager_agreed"] = "Confirm that your line manager has agreed."
    return errors


@transaction.atomic
def request_create(
    *,
    person: Person,
    academy: Academy,
    by: Actor,
    kind: str,
    goals: Sequence[tuple[str, str]],
    preferred_sectors: Sequence[str] = (),
    preferred_format: str = "either",
    preferred_region: Any = None,
    minimum_experience_years: int = 0,
    allows_own_organisation: bool = False,
    line_manager_agreed: bool = False,
    lived_experience_wish: str = "",
    lived_experience_themes: Sequence[str] = (),
) -> Request:
    """Ask for a coach or mentor: goals (theme, what you want to work on), preferences, an optional wish
    for similar lived experience. One open request per kind per person."""
    _require(can_ask(by, person), "You can only ask for a coach or mentor for yourself.")
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one request at a time per person
    errors: dict[str, str] = {}
    clean_goals = [(theme, (text or "").strip()) for theme, text in goals if theme or (text or "").strip()]
    if not clean_goals:
        errors["goals"] = "Add at least one goal: what you would like to work on."
    elif len(clean_goals) > MAX_GOALS:
        errors["goals"] = f"Add up to {MAX_GOALS} goals."
    elif any(theme not in GOAL_THEMES for theme, _ in clean_goals):
        errors["goals"] = "Choose a theme from the list for each goal."
    elif any(not text for _, text in clean_goals):
        errors["goals"] = "Say what you would like to work on for each goal."
    elif any(len(text) > 500 for _, text in clean_goals):
        errors["goals"] = "Keep each goal to 500 characters or fewer."
    errors.update(_choices_errors(list(preferred_sectors), Sector.values, "preferred_sectors", "sectors"))
    if len(lived_experience_wish) > 500:
        errors["lived_experience_wish"] = "Keep this to 500 characters or fewer."
    errors.update(
        _choices_errors(
            list(lived_experience_themes),
            LivedExperience.values,
            "lived_experience_themes",
            "lived experience",
        )
    )
    if kind in Kind.values:
        errors.update(
            eligibility_errors(
                person=person, academy=academy, kind=kind, line_manager_agreed=line_manager_agreed
            )
        )
        if Request.objects.filter(person=person, kind=kind, status__in=Request.ACTIVE_STATUSES).exists():
            errors["kind"] = f"You already have an open {Kind(kind).label.lower()} request."
    request = Request(
        person=person,
        academy=academy,
        kind=kind,
        preferred_sectors=list(preferred_sectors),
        preferred_format=preferred_format,
        preferred_region=preferred_region,
        minimum_experience_years=minimum_experience_years,
        allows_own_organisation=allows_own_organisation,
        line_manager_agreed=line_manager_agreed,
    )
    if not 0 <= minimum_experience_years <= 60:
        errors["minimum_experience_years"] = "Enter a number of years from 0 to 60."
    _validate(request, errors, exclude=["person", "academy", "preferred_region"])
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as error:  # a second request racing the first for the same kind
        raise ValidationError({"kind": "You already have an open request of this kind."}) from error
    RequestGoal.objects.bulk_create([RequestGoal(request=request, theme=t, text=x) for t, x in clean_goals])
    if lived_experience_wish.strip() or lived_experience_themes:
        LivedExperienceWish.objects.create(
            request=request, wish=lived_experience_wish.strip(), themes=sorted(set(lived_experience_themes))
        )
    audit_record(actor=by, action="coaching.request.create", obj=request)
    return request


@transaction.atomic
def request_withdraw(*, request: Request, by: Actor) -> Request:
    _require(can_withdraw_request(by, request), "You can only withdraw your own request.")
    request = Request.objects.select_for_update().get(pk=request.pk)
    if request.status not in Request.POOL_STATUSES + (Request.Status.INTRODUCED,):
        raise ValidationError({"request": "This request can no longer be withdrawn."})
    live = Relationship.objects.filter(request=request, status=Relationship.Status.INTRODUCED)
    live.update(status=Relationship.Status.DECLINED, responded_at=timezone.now(), decline_reason="Withdrawn")
    request.status = Request.Status.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action="coaching.request.withdraw", obj=request)
    return request


def lived_experience_read(*, request: Request, by: Actor) -> str:
    """The requester's wish for similar lived experience; a read by anyone else is audited."""
    _require(can_read_lived_experience(by, request), "You cannot see this.")
    wish = LivedExperienceWish.objects.filter(request=request).values_list("wish", flat=True).first()
    if not is_requester(by, request):
        audit_record(actor=by, action="coaching.lived_experience.read", obj=request)
    return wish or ""


# --- Hard rules (shared by matching and browsing) -------------------------------------------------


def hard_rule_broken(*, request: Request, profile: PractitionerProfile, chain: set[int] | None = None) -> str:
    """Why this pair may never be matched, or "" when it may. `chain` is the requester's line chain."""
    requester = request.person
    if profile.person_id == requester.pk:
        return "the same person"
    if request.kind == Kind.COACHING and profile.accreditation_problem(timezone.localdate()):
        return "accreditation not verified or expired"
    chain = line_chain_ids(requester) if chain is None else chain
    if profile.person_id in chain:
        return "in the requester's line-management chain"
    own_org = (
        requester.organisation_id is not None and requester.organisation_id == profile.person.organisation_id
    )
    if own_org and not (request.allows_own_organisation and profile.allows_own_organisation):
        return "same organisation, which one of them does not allow"
    if Exclusion.objects.filter(
        Q(person_id=requester.pk, excluded_id=profile.person_id)
        | Q(person_id=profile.person_id, excluded_id=requester.pk)
    ).exists():
        return "excluded"
    return ""


# --- Matching runs --------------------------------------------------------------------------------


def _background_from() -> int:
    """Requests in the pool from which a run goes to a Celery worker (settings.COACHING_BACKGROUND_FROM)."""
    return int(getattr(settings, "COACHING_BACKGROUND_FROM", 200))


@transaction.atomic
def matching_run_start(*, academy: Academy, kind: str, by: Actor) -> MatchingRun:
    """Start matching the whole pool of one kind. Small pools are solved before this returns (when no
    broker is configured every pool is); large ones in the background, with progress on the run."""
    _require(can_run_matching(by, academy.pk), "Only the hub's administrators can run matching.")
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose coaching or mentoring."})
    if MatchingRun.objects.filter(academy=academy, kind=kind, status=MatchingRun.Status.RUNNING).exists():
        raise ValidationError({"kind": "A matching run of this kind is already under way."})
    run = MatchingRun.objects.create(
        academy=academy,
        kind=kind,
        status=MatchingRun.Status.RUNNING,
        weights=hub_settings_for(academy).weights(),
        created_by=by if getattr(by, "is_authenticated", False) else None,  # type: ignore[misc]
    )
    audit_record(actor=by, action="coaching.run.start", obj=run)
    from .tasks import matching_run_execute

    pool = Request.objects.filter(academy=academy, kind=kind, status__in=Request.POOL_STATUSES).count()
    if pool >= _background_from():
        transaction.on_commit(lambda: matching_run_execute.delay(run_id=run.pk))
    else:
        from .matching_runs import run_execute

        run_execute(run_id=run.pk)
        run.refresh_from_db()
    return run


@transaction.atomic
def matching_run_review(*, run: MatchingRun, by: Actor) -> MatchingRun:
    """The administrator has looked at the figures and the unmatched people and why."""
    _require(can_manage_run(by, run), "Only the hub's administrators can review a run.")
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchingRun.Status.DRAFT:
        raise ValidationError({"status": f"This run is {run.get_status_display().lower()}, not a draft."})
    run.status = MatchingRun.Status.REVIEWED
    run.reviewed_by = by if getattr(by, "is_authenticated", False) else None  # type: ignore[assignment]
    run.save(update_fields=["status", "reviewed_by", "updated_at"])
    audit_record(actor=by, action="coaching.run.review", obj=run)
    return run


@transaction.atomic
def matching_run_publish(*, run: MatchingRun, by: Actor, unmatched_acknowledged: bool = False) -> MatchingRun:
    """Give every matched requester still waiting their shortlist of up to three. A run that matched
    nobody publishes nothing; a run that leaves anyone unmatched publishes only once the administrator
    acknowledges who and why (`unmatched_acknowledged`), never part-way by default. Two administrators
    publishing at once: the second waits for the row lock, then finds the run published."""
    _require(can_manage_run(by, run), "Only the hub's administrators can publish a run.")
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status == MatchingRun.Status.PUBLISHED:
        raise ValidationError({"status": "This run has already been published."})
    if run.status != MatchingRun.Status.REVIEWED:
        raise ValidationError({"status": "Review the run before publishing it."})
    results = list(run.results.exclude(shortlist=[]).select_related("request__person"))
    if not results:
        raise ValidationError({"status": "This run matched nobody, so there is nothing to publish."})
    unmatched = run.results.filter(practitioner__isnull=True).count()
    if unmatched and not unmatched_acknowledged:
        noun = "person" if unmatched == 1 else "people"
        raise ValidationError(
            {
                "unmatched_acknowledged": (
                    f"This run leaves {unmatched} {noun} unmatched. Confirm you have read who and why "
                    "before publishing the other shortlists."
                )
            }
        )
    requests = {
        r.pk: r
        for r in Request.objects.select_for_update().filter(
            pk__in=[res.request_id for res in results], status__in=Request.POOL_STATUSES
        )
    }
    ShortlistEntry.objects.filter(request_id__in=list(requests), withdrawn=False).update(withdrawn=True)
    entries = []
    for result in results:
        if result.request_id not in requests:
            continue  # withdrawn or matched since the run
        factors = result.factors or {}
        for rank, profile_id in enumerate(result.shortlist, start=1):
            pair = factors.get(str(profile_id), {})
            entries.append(
                ShortlistEntry(
                    request_id=result.request_id,
                    run=run,
                    practitioner_id=profile_id,
                    rank=rank,
                    score=pair.get("score", 0),
                    factors=pair.get("factors", {}),
                )
            )
    ShortlistEntry.objects.bulk_create(entries)
    Request.objects.filter(pk__in=list(requests)).update(
        status=Request.Status.SHORTLISTED, updated_at=timezone.now()
    )
    run.status = MatchingRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = by if getattr(by, "is_authenticated", False) else None  # type: ignore[assignment]
    run.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_record(
        actor=by,
        action="coaching.run.publish",
        obj=run,
        shortlists=len(requests),
        unmatched=unmatched,
        unmatched_acknowledged=bool(unmatched_acknowledged and unmatched),
    )
    for request in requests.values():
        person = request.person
        outbox_enqueue(
            key=f"coaching.shortlist:{request.pk}:{run.pk}",
            to=person.email,
            subject=f"Your {request.get_kind_display().lower()} shortlist is ready",
            body=(
                f"Dear {person.given_name},\n\nWe have found people who could work with you. Sign in to "
                "Academy to read about them and choose one.\n"
            ),
        )
    return run


# --- Relationships --------------------------------------------------------------------------------


def _introduce(*, request: Request, profile: PractitionerProfile, by: Actor) -> Relationship:
    relationship = Relationship.objects.create(
        request=request,
        practitioner=profile,
        requester=request.person,
        kind=request.kind,
        introduced_at=timezone.now(),
    )
    request.status = Request.Status.INTRODUCED
    request.save(update_fields=["status", "updated_at"])
    entry = audit_record(actor=by, action="coaching.relationship.introduce", obj=relationship)
    outbox_enqueue(
        key=f"coaching.relationship:{relationship.pk}:introduced:{entry.pk}",
        to=profile.person.email,
        subject=f"A request for {request.get_kind_display().lower()}",
        body=(
            f"Dear {profile.person.given_name},\n\n{request.person.full_name} would like to work with you. "
            "Sign in to Academy to read their goals and accept or decline.\n"
        ),
    )
    return relationship


@transaction.atomic
def shortlist_choose(*, entry: ShortlistEntry, by: Actor) -> Relationship:
    """The requester picks one practitioner from their shortlist: the practitioner is introduced."""
    request = Request.objects.select_for_update().select_related("person").get(pk=entry.request_id)
    _require(is_requester(by, request), "You can only choose from your own shortlist.")
    entry = ShortlistEntry.objects.select_related("practitioner__person").get(pk=entry.pk)
    if entry.withdrawn or request.status != Request.Status.SHORTLISTED:
        raise ValidationError({"practitioner": "This choice is no longer open. Choose from your shortlist."})
    if request.kind == Kind.COACHING and entry.practitioner.accreditation_problem(timezone.localdate()):
        raise ValidationError(
            {"practitioner": "This practitioner cannot take new requests at the moment. Choose someone else."}
        )
    return _introduce(request=request, profile=entry.practitioner, by=by)


@transaction.atomic
def browse_choose(*, request: Request, profile: PractitionerProfile, by: Actor) -> Relationship:
    """Browse-and-request: the requester asks a published practitioner directly; the hard rules apply."""
    request = Request.objects.select_for_update().select_related("person").get(pk=request.pk)
    _require(is_requester(by, request), "You can only ask on your own request.")
    profile = PractitionerProfile.objects.select_related("person").get(pk=profile.pk)
    errors: dict[str, str] = {}
    if request.status not in Request.POOL_STATUSES:
        errors["request"] = "This request is not waiting for a match."
    elif not profile.published or not PractitionerKind.offers(profile.kind, request.kind):
        errors["practitioner"] = "Choose someone from the list."
    elif hard_rule_broken(request=request, profile=profile):
        errors["practitioner"] = "Choose someone from the list."  # never says why: no one learns a chain
    elif profile.places_left == 0 or (profile.paused_until and profile.paused_until >= timezone.localdate()):
        errors["practitioner"] = "This practitioner has no places at the moment. Choose someone else."
    if errors:
        raise ValidationError(errors)
    return _introduce(request=request, profile=profile, by=by)


def _lock_relationship(relationship: Relationship) -> Relationship:
    return (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("practitioner__person", "requester", "request")
        .get(pk=relationship.pk)
    )


@transaction.atomic
def relationship_accept(*, relationship: Relationship, by: Actor) -> Relationship:
    """The practitioner accepts: it takes one of their places, under the profile row lock."""
    relationship = _lock_relationship(relationship)
    _require(can_respond_to_introduction(by, relationship), "Only the practitioner introduced can accept.")
    profile = PractitionerProfile.objects.select_for_update().get(pk=relationship.practitioner_id)
    if relationship.status != Relationship.Status.INTRODUCED:
        raise ValidationError({"status": "This introduction has already been answered."})
    if profile.active_count >= profile.capacity:
        raise ValidationError(
            {"status": "You have no places left. Close a relationship or raise your capacity first."}
        )
    profile.active_count += 1
    profile.save(update_fields=["active_count", "updated_at"])
    now = timezone.now()
    relationship.status = Relationship.Status.CONTRACTING
    relationship.responded_at = now
    relationship.save(update_fields=["status", "responded_at", "updated_at"])
    request = relationship.request
    request.status = Request.Status.MATCHED
    request.matched_at = now
    request.save(update_fields=["status", "matched_at", "updated_at"])
    entry = audit_record(actor=by, action="coaching.relationship.accept", obj=relationship)
    outbox_enqueue(
        key=f"coaching.relationship:{relationship.pk}:accepted:{entry.pk}",
        to=relationship.requester.email,
        subject="Your coach or mentor has accepted",
        body=(
            f"Dear {relationship.requester.given_name},\n\n{relationship.practitioner.person.full_name} has "
            "accepted and will be in touch to agree how you will work together.\n"
        ),
    )
    return relationship


@transaction.atomic
def relationship_decline(*, relationship: Relationship, by: Actor, reason: str = "") -> Relationship:
    """The practitioner declines: the requester goes back to the pool (and keeps the rest of their
    shortlist)."""
    relationship = _lock_relationship(relationship)
    _require(can_respond_to_introduction(by, relationship), "Only the practitioner introduced can decline.")
    if relationship.status != Relationship.Status.INTRODUCED:
        raise ValidationError({"status": "This introduction has already been answered."})
    if len(reason) > 300:
        raise ValidationError({"reason": "Keep the reason to 300 characters or fewer."})
    relationship.status = Relationship.Status.DECLINED
    relationship.responded_at = timezone.now()
    relationship.decline_reason = reason.strip()
    relationship.save(update_fields=["status", "responded_at", "decline_reason", "updated_at"])
    request = Request.objects.select_for_update().get(pk=relationship.request_id)
    ShortlistEntry.objects.filter(request=request, practitioner_id=relationship.practitioner_id).update(
        withdrawn=True
    )
    still_offered = ShortlistEntry.objects.filter(request=request, withdrawn=False).exists()
    request.status = Request.Status.SHORTLISTED if still_offered else Request.Status.OPEN
    request.save(update_fields=["status", "updated_at"])
    entry = audit_record(actor=by, action="coaching.relationship.decline", obj=relationship)
    outbox_enqueue(
        key=f"coaching.relationship:{relationship.pk}:declined:{entry.pk}",
        to=relationship.requester.email,
        subject="Your request: please choose again",
        body=(
            f"Dear {relationship.requester.given_name},\n\nThe practitioner you chose cannot take you on at "
            "the moment. Your request is back with the hub"
            + (", and you can choose someone else from your shortlist." if still_offered else ".")
            + "\n"
        ),
    )
    return relationship


@transaction.atomic
def relationship_contract(
    *, relationship: Relationship, by: Actor, sessions_agreed: int, session_minutes: int
) -> Relationship:
    """The pair agree how they will work: e.g. four 60-minute sessions."""
    relationship = _lock_relationship(relationship)
    _require(is_party_to(by, relationship), "Only the pair can agree their sessions.")
    errors: dict[str, str] = {}
    if relationship.status not in (Relationship.Status.CONTRACTING, Relationship.Status.ACTIVE):
        errors["status"] = "Sessions can be agreed once the practitioner has accepted."
    if not isinstance(sessions_agreed, int) or not 1 <= sessions_agreed <= 52:
        errors["sessions_agreed"] = "Enter a number of sessions from 1 to 52."
    if not isinstance(session_minutes, int) or not 15 <= session_minutes <= 600:
        errors["session_minutes"] = "Enter a session length from 15 to 600 minutes."
    if errors:
        raise ValidationError(errors)
    relationship.sessions_agreed = sessions_agreed
    relationship.session_minutes = session_minutes
    relationship.contracted_at = relationship.contracted_at or timezone.now()
    relationship.status = Relationship.Status.ACTIVE
    relationship.save()
    audit_record(actor=by, action="coaching.relationship.contract", obj=relationship)
    return relationship


@transaction.atomic
def session_log(
    *, relationship: Relationship, by: Actor, held_on: dt.date, minutes: int, note: str = ""
) -> CoachingSession:
    """Either of the pair records that a session happened (and, if they like, a note for the pair)."""
    relationship = _lock_relationship(relationship)
    _require(can_log_session(by, relationship), "Only the pair can log their sessions.")
    errors: dict[str, str] = {}
    if relationship.status != Relationship.Status.ACTIVE:
        errors["held_on"] = "Agree your sessions before logging one."
    if held_on is None or held_on > timezone.localdate():
        errors["held_on"] = "Enter the date the session took place, today or earlier."
    elif held_on < relationship.introduced_at.date():
        errors["held_on"] = "The session must be after you were introduced."
    if not isinstance(minutes, int) or not 1 <= minutes <= 600:
        errors["minutes"] = "Enter the session length in minutes, from 1 to 600."
    if errors:
        raise ValidationError(errors)
    number = relationship.sessions.count() + 1
    session = CoachingSession.objects.create(
        relationship=relationship, number=number, held_on=held_on, minutes=minutes, logged_by=person_of(by)
    )
    author = person_of(by)
    if note.strip() and author is not None:
        SessionNote.objects.create(session=session, author=author, text=note.strip())
    audit_record(actor=by, action="coaching.session.log", obj=session)
    return session


@transaction.atomic
def session_note_add(*, session: CoachingSession, by: Actor, text: str) -> SessionNote:
    relationship = Relationship.objects.select_related("practitioner").get(pk=session.relationship_id)
    _require(can_read_notes(by, relationship), "Only the pair can write notes.")
    author = person_of(by)
    if not text.strip():
        raise ValidationError({"text": "Enter your note."})
    assert author is not None  # the pair are people: can_read_notes passed
    note = SessionNote.objects.create(session=session, author=author, text=text.strip())
    audit_record(actor=by, action="coaching.session_note.add", obj=note)
    return note


def session_notes_read(*, relationship: Relationship, by: Actor) -> list[SessionNote]:
    """The pair's notes, for the pair only. Every read is audited."""
    _require(
        can_read_notes(by, relationship), "Session notes are for the coach or mentor and their client only."
    )
    notes = list(
        SessionNote.objects.filter(session__relationship=relationship).select_related("session", "author")
    )
    audit_record(actor=by, action="coaching.session_note.read", obj=relationship, notes=len(notes))
    return notes


@transaction.atomic
def relationship_close(*, relationship: Relationship, by: Actor, reason: str) -> Relationship:
    """Close with a reason; an accepted relationship gives its place back."""
    relationship = _lock_relationship(relationship)
    _require(
        can_close_relationship(by, relationship), "Only the pair or the hub's administrators can close this."
    )
    if relationship.status not in Relationship.LIVE:
        raise ValidationError({"reason": "This relationship has already ended."})
    if reason not in Relationship.CloseReason.values:
        raise ValidationError({"reason": "Choose why the relationship is closing."})
    accepted = relationship.status in Relationship.HOLDS_PLACE
    if accepted:
        profile = PractitionerProfile.objects.select_for_update().get(pk=relationship.practitioner_id)
        profile.active_count = max(profile.active_count - 1, 0)
        profile.save(update_fields=["active_count", "updated_at"])
    relationship.status = Relationship.Status.CLOSED
    relationship.closed_at = timezone.now()
    relationship.close_reason = reason
    relationship.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    Request.objects.filter(pk=relationship.request_id).update(
        status=Request.Status.CLOSED, updated_at=timezone.now()
    )
    audit_record(actor=by, action="coaching.relationship.close", obj=relationship, reason=reason)
    if accepted:  # an introduction never accepted has nothing to give feedback on
        relationship_feedback_send(relationship=relationship)
    return relationship


FEEDBACK_INSTRUMENT: dict[str, str] = {"coaching": "coaching-feedback", "mentoring": "mentoring-feedback"}


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter (January to March, April to June, ...) `day` falls in: its first and last day."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    after = dt.date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return start, after - dt.timedelta(days=1)


FEEDBACK_ANSWER_DAYS = 42  # a round's survey stays open this long after its quarter ends


def feedback_round_for(*, academy_id: int, kind: str, day: dt.date) -> Any:
    """The hub's feedback round for `kind` in the quarter of `day`, made the first time it is needed (two
    closures racing for a new quarter meet on the unique constraint and share one row)."""
    from .models import FeedbackRound

    start, end = quarter_of(day)
    try:
        with transaction.atomic():
            round_, _ = FeedbackRound.objects.get_or_create(
                academy_id=academy_id, kind=kind, starts_on=start, defaults={"ends_on": end}
            )
    except IntegrityError:
        round_ = FeedbackRound.objects.get(academy_id=academy_id, kind=kind, starts_on=start)
    return round_


def feedback_round_closed_relationships(round_: Any) -> Any:
    """The relationships whose closure invites people to this round: accepted, then closed in its quarter."""
    from academy.core.dates import start_of_day

    return Relationship.objects.filter(
        request__academy_id=round_.academy_id,
        kind=round_.kind,
        status=Relationship.Status.CLOSED,
        responded_at__isnull=False,
        closed_at__gte=start_of_day(round_.starts_on),
        closed_at__lt=start_of_day(round_.ends_on + dt.timedelta(days=1)),
    )


def feedback_round_survey(round_: Any) -> Any:
    from django.contrib.contenttypes.models import ContentType

    from academy.evaluation.models import Survey

    from .models import FeedbackRound

    return (
        Survey.objects.filter(
            subject_type=ContentType.objects.get_for_model(FeedbackRound), subject_id=round_.pk
        )
        .order_by("pk")
        .first()
    )


def relationship_feedback_survey(relationship: Relationship) -> Any:
    """The feedback survey the closure of this relationship invited its coachee or mentee to (the hub's
    round for the quarter it closed in), or None before it closed."""
    from .models import FeedbackRound

    closed_at = Relationship.objects.filter(pk=relationship.pk).values_list("closed_at", flat=True).first()
    if closed_at is None:
        return None
    start, _ = quarter_of(timezone.localdate(closed_at))
    round_ = FeedbackRound.objects.filter(
        academy_id=relationship.request.academy_id, kind=relationship.kind, starts_on=start
    ).first()
    survey = feedback_round_survey(round_) if round_ is not None else None
    if survey is None or not survey.invitations.filter(person_id=relationship.requester_id).exists():
        return None
    return survey


def relationship_feedback_send(*, relationship: Relationship, now: dt.datetime | None = None) -> Any:
    """Invite the coachee or mentee to the hub's coaching (or mentoring) feedback round for the quarter the
    relationship closed in, through the survey invitation path (an outbox email with their own link). The
    round's one anonymous survey is made by the first closure of the quarter; later closures add their
    person to it. Once: a second call finds the invitation and sends nothing more. Done by the system (the
    coachee who closes does not manage surveys)."""
    from academy.core.dates import start_of_day
    from academy.evaluation.models import Instrument, Survey
    from academy.evaluation.services.instruments import instruments_load_standard
    from academy.evaluation.services.surveys import survey_create, survey_send_invitations

    relationship = Relationship.objects.select_related("request").get(pk=relationship.pk)
    if relationship.closed_at is None:
        raise ValidationError({"relationship": "Feedback is asked when the relationship closes."})
    round_ = feedback_round_for(
        academy_id=relationship.request.academy_id,
        kind=relationship.kind,
        day=timezone.localdate(relationship.closed_at),
    )
    from .models import FeedbackRound

    FeedbackRound.objects.select_for_update().get(pk=round_.pk)  # one survey per round
    survey = feedback_round_survey(round_)
    if survey is None:
        key = FEEDBACK_INSTRUMENT.get(relationship.kind, "coaching-feedback")
        published = Instrument.objects.filter(key=key, status=Instrument.Status.PUBLISHED)
        instrument = published.order_by("-version").first()
        if instrument is None:
            instruments_load_standard(by=None)
            instrument = published.order_by("-version").first()
        assert instrument is not None  # the standard instruments include both feedback sets
        survey = survey_create(
            instrument=instrument,
            subject=round_,
            title=f"{instrument.name}: {round_.starts_on:%B} to {round_.ends_on:%B %Y}",
            opens_at=start_of_day(round_.starts_on),
            closes_at=start_of_day(round_.ends_on + dt.timedelta(days=1 + FEEDBACK_ANSWER_DAYS)),
            by=None,
        )
    if not survey.invitations.filter(person_id=relationship.requester_id).exists():
        survey_send_invitations(survey=Survey.objects.get(pk=survey.pk), by=None, now=now)
    return survey


# --- The goal tracker: the coachee's goals about the relationship, rated before and after ----------


def relationship_goals(relationship: Relationship) -> Any:
    """The coachee's goals about this relationship (evaluation's Goal, subject = the relationship)."""
    from django.contrib.contenttypes.models import ContentType

    from academy.evaluation.models import Goal

    return Goal.objects.filter(
        subject_type=ContentType.objects.get_for_model(Relationship), subject_id=relationship.pk
    ).order_by("pk")


def goal_tracker_stage(relationship: Relationship) -> str:
    """ "before" until the first session is logged; "after" once the last agreed session is logged or the
    relationship has closed; "during" in between (nothing to rate)."""
    held = CoachingSession.objects.filter(relationship=relationship).count()
    if relationship.status == Relationship.Status.CLOSED:
        return "after" if relationship.responded_at is not None else "ended"
    if held == 0:
        return "before"
    if relationship.sessions_agreed and held >= relationship.sessions_agreed:
        return "after"
    return "during"


@transaction.atomic
def relationship_goal_add(
    *, relationship: Relationship, by: Actor, theme: str, text: str, rating_before: Any = None
) -> Any:
    """The coachee records a goal with its theme, before the first session (rated then, 1 to 10)."""
    from academy.evaluation.services.goals import goal_create

    relationship = _lock_relationship(relationship)
    _require(
        is_requester_of(by, relationship), "Only the coachee or mentee sets goals for this relationship."
    )
    if relationship.status not in Relationship.LIVE or goal_tracker_stage(relationship) != "before":
        raise ValidationError({"text": "Goals are set before the first session."})
    if theme not in GOAL_THEMES:
        raise ValidationError({"theme": "Choose the area your goal is about."})
    return goal_create(
        person=relationship.requester,
        theme=theme,
        text=text,
        subject=relationship,
        rating_before=rating_before,
        by=by,
    )


@transaction.atomic
def relationship_goal_rate(*, relationship: Relationship, goal: Any, by: Actor, rating: Any) -> Any:
    """Rate a goal 1 to 10: "before" until the first session, "after" once the last has been held."""
    from academy.evaluation.services.goals import goal_rate

    relationship = _lock_relationship(relationship)
    _require(is_requester_of(by, relationship), "Only the coachee or mentee rates their goals.")
    if not relationship_goals(relationship).filter(pk=goal.pk).exists():
        raise ValidationError({"rating": "This goal is not about this relationship."})
    stage = goal_tracker_stage(relationship)
    if stage not in ("before", "after"):
        raise ValidationError({"rating": "Rate your goals again after your last session."})
    try:
        if stage == "before":
            return goal_rate(goal=goal, rating_before=rating, by=by)
        return goal_rate(goal=goal, rating_after=rating, by=by)
    except ValidationError as error:
        raise ValidationError({"rating": [m for ms in error.message_dict.values() for m in ms]}) from error


# --- Commissioned coaching programmes (seed 002: the PCN clinical directors) ---------------------------


@transaction.atomic
def programme_create(
    *,
    academy: Academy,
    by: Actor | None,
    title: str,
    provider: str,
    starts_on: dt.date,
    ends_on: dt.date,
    sessions_each: int = 4,
    session_minutes: int = 60,
    purpose: str = "",
    offer: Offer | None = None,
) -> Any:
    """Coaching commissioned from a provider for a cohort, each person to have `sessions_each` sessions;
    `offer` is the academy's catalogue offer its people booked through, if any. by=None is the system (demo
    data, imports), as with every service in this section."""
    from .models import CoachingProgramme

    _require(
        by is None or can_administer_hub(by, academy.pk),
        "Only the hub's administrators can set up a programme.",
    )
    programme = CoachingProgramme(
        academy=academy,
        title=(title or "").strip(),
        provider=(provider or "").strip(),
        purpose=purpose,
        starts_on=starts_on,
        ends_on=ends_on,
        sessions_each=sessions_each,
        session_minutes=session_minutes,
        offer=offer,
    )
    errors: dict[str, str] = {}
    if offer is not None and offer.academy_id != academy.pk:
        errors["offer"] = "Choose one of the academy's own offers."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date."
    if not isinstance(sessions_each, int) or not 1 <= sessions_each <= 52:
        errors["sessions_each"] = "Enter a number of sessions from 1 to 52."
    if not isinstance(session_minutes, int) or not 1 <= session_minutes <= 600:
        errors["session_minutes"] = "Enter a session length from 1 to 600 minutes."
    _validate(programme, errors, exclude=["academy"])
    programme.save()
    audit_record(actor=by, action="coaching.programme.create", obj=programme)
    return programme


@transaction.atomic
def programme_participant_add(
    *, programme: Any, person: Person, by: Actor | None, coach_name: str = ""
) -> Any:
    from .models import CoachingProgramme, ProgrammeParticipant
    from .permissions import can_manage_programme

    _require(
        by is None or can_manage_programme(by, programme), "Only the hub's administrators can add people."
    )
    programme = CoachingProgramme.objects.select_for_update().get(pk=programme.pk)
    if ProgrammeParticipant.objects.filter(programme=programme, person=person).exists():
        raise ValidationError({"person": "This person is already on the programme."})
    participant = ProgrammeParticipant.objects.create(
        programme=programme, person=person, coach_name=(coach_name or "").strip()
    )
    audit_record(actor=by, action="coaching.programme.participant_add", obj=participant)
    return participant


@transaction.atomic
def programme_session_log(
    *, participant: Any, by: Actor | None, held_on: dt.date, minutes: Any = None
) -> Any:
    """That a participant's next session was held (no notes: the sessions are confidential)."""
    from .models import ProgrammeParticipant, ProgrammeSession
    from .permissions import can_manage_programme_place

    _require(
        by is None or can_manage_programme_place(by, participant),
        "Only the hub's administrators can log sessions.",
    )
    participant = (
        ProgrammeParticipant.objects.select_for_update().select_related("programme").get(pk=participant.pk)
    )
    programme = participant.programme
    minutes = programme.session_minutes if minutes in (None, "") else minutes
    held = participant.sessions.count()
    errors: dict[str, str] = {}
    if held >= programme.sessions_each:
        errors["held_on"] = f"All {programme.sessions_each} sessions have been logged."
    if not isinstance(held_on, dt.date):
        errors["held_on"] = "Enter the date the session was held."
    elif not programme.starts_on <= held_on <= programme.ends_on:
        errors["held_on"] = "The session must be within the programme's dates."
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
        errors["minutes"] = "Enter the session's length from 1 to 600 minutes."
    if errors:
        raise ValidationError(errors)
    session = ProgrammeSession.objects.create(
        participant=participant, number=held + 1, held_on=held_on, minutes=minutes
    )
    audit_record(actor=by, action="coaching.programme.session_log", obj=session)
    return session


def programme_goals(participant: Any) -> Any:
    """A participant's goals (evaluation's Goal, subject = their place on the programme)."""
    from django.contrib.contenttypes.models import ContentType

    from academy.evaluation.models import Goal

    from .models import ProgrammeParticipant

    return Goal.objects.filter(
        subject_type=ContentType.objects.get_for_model(ProgrammeParticipant), subject_id=participant.pk
    ).order_by("pk")


@transaction.atomic
def programme_goal_add(
    *, participant: Any, by: Actor | None, theme: str, text: str, rating_before: Any = None
) -> Any:
    """A goal from the provider's goal tracker, with its theme, rated 1 to 10 before the first session."""
    from academy.evaluation.services.goals import goal_create

    from .permissions import can_manage_programme_place

    _require(
        by is None or can_manage_programme_place(by, participant),
        "Only the hub's administrators can record goals.",
    )
    if theme not in GOAL_THEMES:
        raise ValidationError({"theme": "Choose the area the goal is about."})
    return goal_create(
        person=participant.person,
        theme=theme,
        text=text,
        subject=participant,
        rating_before=rating_before,
        by=by,
    )


@transaction.atomic
def programme_goal_rate(*, participant: Any, goal: Any, by: Actor | None, rating_after: Any) -> Any:
    """The rating after the last session, from the provider's goal tracker."""
    from academy.evaluation.services.goals import goal_rate

    from .permissions import can_manage_programme_place

    _require(
        by is None or can_manage_programme_place(by, participant),
        "Only the hub's administrators can record goals.",
    )
    if not programme_goals(participant).filter(pk=goal.pk).exists():
        raise ValidationError({"rating_after": "This goal is not this participant's."})
    return goal_rate(goal=goal, rating_after=rating_after, by=by)


# --- Team coaching journeys ------------------------------------------------------------------------------


@transaction.atomic
def team_journey_create(
    *,
    academy: Academy,
    by: Actor | None,
    team_name: str,
    team_leader: Person,
    engagement_on: dt.date,
    planned_months: int = 9,
    organisation: str = "",
    coaches: str = "",
    offer: Offer | None = None,
) -> Any:
    """A team coaching journey starts with its initial engagement; `offer` is the catalogue offer the team
    booked through, if any."""
    from .models import TeamJourney

    _require(
        by is None or can_administer_hub(by, academy.pk),
        "Only the hub's administrators can start a team journey.",
    )
    journey = TeamJourney(
        academy=academy,
        team_name=(team_name or "").strip(),
        team_leader=team_leader,
        engagement_on=engagement_on,
        planned_months=planned_months,
        organisation=organisation,
        coaches=coaches,
        offer=offer,
    )
    errors: dict[str, str] = {}
    if offer is not None and offer.academy_id != academy.pk:
        errors["offer"] = "Choose one of the academy's own offers."
    if not isinstance(planned_months, int) or not 6 <= planned_months <= 12:
        errors["planned_months"] = "A team coaching journey lasts from 6 to 12 months."
    _validate(journey, errors, exclude=["academy", "team_leader"])
    journey.save()
    audit_record(actor=by, action="coaching.team_journey.create", obj=journey)
    return journey


@transaction.atomic
def team_journey_member_add(*, journey: Any, person: Person, by: Actor | None, role: str = "member") -> Any:
    from .models import TeamJourneyMember
    from .permissions import can_manage_team_journey

    _require(
        by is None or can_manage_team_journey(by, journey), "Only the hub's administrators can add people."
    )
    if role not in TeamJourneyMember.Role.values:
        raise ValidationError({"role": "Choose team member or stakeholder."})
    if person.pk == journey.team_leader_id or journey.members.filter(person=person).exists():
        raise ValidationError({"person": "This person is already on the journey."})
    member = TeamJourneyMember.objects.create(journey=journey, person=person, role=role)
    audit_record(actor=by, action="coaching.team_journey.member_add", obj=member)
    return member


@transaction.atomic
def team_journey_phase_start(*, journey: Any, by: Actor | None, on: dt.date) -> Any:
    """Move the journey into its next phase on `on` (engagement → discovery → diagnostic → sessions →
    ended); phases are never skipped and never start before the one before them."""
    from .models import TeamJourney
    from .permissions import can_manage_team_journey

    _require(
        by is None or can_manage_team_journey(by, journey),
        "Only the hub's administrators can move a journey on.",
    )
    journey = TeamJourney.objects.select_for_update().get(pk=journey.pk)
    fields = [name for _, name in TeamJourney.PHASE_FIELDS]
    started = [name for name in fields if getattr(journey, name) is not None]
    if len(started) == len(fields):
        raise ValidationError({"on": "This journey has ended."})
    last = getattr(journey, started[-1])
    if not isinstance(on, dt.date):
        raise ValidationError({"on": "Enter the date the phase started."})
    if on < last:
        raise ValidationError({"on": f"The next phase cannot start before {last:%-d %B %Y}."})
    next_field = fields[len(started)]
    setattr(journey, next_field, on)
    journey.save(update_fields=[next_field, "updated_at"])
    audit_record(actor=by, action="coaching.team_journey.phase_start", obj=journey, phase=next_field)
    return journey


@transaction.atomic
def team_journey_sessions_record(*, journey: Any, by: Actor | None, sessions_held: Any) -> Any:
    from .models import TeamJourney
    from .permissions import can_manage_team_journey

    _require(
        by is None or can_manage_team_journey(by, journey),
        "Only the hub's administrators can record sessions.",
    )
    journey = TeamJourney.objects.select_for_update().get(pk=journey.pk)
    if not isinstance(sessions_held, int) or isinstance(sessions_held, bool) or not 0 <= sessions_held <= 52:
        raise ValidationError({"sessions_held": "Enter a number of sessions from 0 to 52."})
    if sessions_held and journey.sessions_on is None:
        raise ValidationError({"sessions_held": "Team sessions start after the diagnostic."})
    journey.sessions_held = sessions_held
    journey.save(update_fields=["sessions_held", "updated_at"])
    audit_record(actor=by, action="coaching.team_journey.sessions", obj=journey, sessions_held=sessions_held)
    return journey


TEAM_FEEDBACK_INSTRUMENT = "team-coaching"


def team_journey_feedback_survey(journey: Any) -> Any:
    from django.contrib.contenttypes.models import ContentType

    from academy.evaluation.models import Survey

    from .models import TeamJourney

    return Survey.objects.filter(
        subject_type=ContentType.objects.get_for_model(TeamJourney), subject_id=journey.pk
    ).first()


@transaction.atomic
def team_journey_feedback_send(*, journey: Any, by: Actor | None, now: dt.datetime | None = None) -> Any:
    """Ask the team leader and the team (not stakeholders) the team coaching feedback instrument, once,
    through the survey invitation path."""
    from academy.evaluation.models import Instrument
    from academy.evaluation.services.instruments import instruments_load_standard
    from academy.evaluation.services.surveys import survey_create, survey_send_invitations

    from .permissions import can_manage_team_journey

    _require(
        by is None or can_manage_team_journey(by, journey),
        "Only the hub's administrators can ask for feedback.",
    )
    if journey.sessions_on is None:
        raise ValidationError({"journey": "Feedback is asked once the team's coaching sessions have begun."})
    existing = team_journey_feedback_survey(journey)
    if existing is not None:
        return existing
    published = Instrument.objects.filter(key=TEAM_FEEDBACK_INSTRUMENT, status=Instrument.Status.PUBLISHED)
    instrument = published.order_by("-version").first()
    if instrument is None:
        instruments_load_standard(by=None)
        instrument = published.order_by("-version").first()
    assert instrument is not None
    survey = survey_create(
        instrument=instrument,
        subject=journey,
        title=f"Team coaching: {journey.team_name}",
        opens_at=now,
        by=by,
    )
    survey_send_invitations(survey=survey, by=by, now=now)
    return survey
