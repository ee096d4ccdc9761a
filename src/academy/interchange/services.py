"""Every write for interchange: one function per action, inside a transaction, access checked first.

An opportunity's places are counted on its row (taken_count) and changed only while that row is locked:
two learners racing for the last place queue on the lock, and the second finds none left. A check
constraint (taken_count <= capacity) and a unique constraint (one live arrangement per learner and
opportunity) back this up. Page, API and demo data all call these.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.outbox import outbox_enqueue
from academy.core.types import Actor
from academy.people.models import Academy, Person
from academy.people.selectors import line_chain_pairs

from .matching_runs import hard_rule_broken, host_of, seeker_of
from .models import (
    Arrangement,
    Kind,
    LearningRequest,
    MatchingRun,
    Opportunity,
    Reflection,
    RunResult,
    Scheme,
)
from .permissions import (
    can_ask_to_learn,
    can_cancel,
    can_complete,
    can_decide_as_manager,
    can_edit_opportunity,
    can_manage_interchange,
    can_manage_run,
    can_offer,
    can_reflect,
    can_run_matching,
    can_schedule,
    can_withdraw_request,
    is_host_of,
    is_learner,
    person_of,
)

OPPORTUNITY_FIELDS = (
    "kind",
    "title",
    "description",
    "place",
    "starts_on",
    "ends_on",
    "duration",
    "capacity",
    "suits",
    "not_for_own_organisation",
)
REQUEST_FIELDS = ("what", "where", "when", "why", "kinds", "other_sector")


def _require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    if not condition:
        raise PermissionDenied(message)


def _validate(instance: Any, errors: dict[str, str], exclude: list[str]) -> None:
    collected: dict[str, list[str]] = {name: [message] for name, message in errors.items()}
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            collected.setdefault(name, []).extend(messages)
    if collected:
        raise ValidationError(collected)


def _user(by: Actor | None) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def scheme_for(academy: Academy) -> Scheme:
    scheme, _ = Scheme.objects.get_or_create(academy=academy)
    return scheme


@transaction.atomic
def scheme_update(*, academy: Academy, needs_manager_agreement: bool, by: Actor) -> Scheme:
    _require(can_manage_interchange(by, academy.pk), "Only the academy's programme managers can change this.")
    scheme = Scheme.objects.select_for_update().get(pk=scheme_for(academy).pk)
    scheme.needs_manager_agreement = bool(needs_manager_agreement)
    scheme.save(update_fields=["needs_manager_agreement", "updated_at"])
    audit_record(
        actor=by, action="interchange.scheme.update", obj=scheme, agreement=scheme.needs_manager_agreement
    )
    return scheme


# --- Opportunities ---------------------------------------------------------------------------------


def _opportunity_errors(opportunity: Opportunity) -> dict[str, str]:
    errors: dict[str, str] = {}
    if opportunity.kind not in Kind.values:
        errors["kind"] = "Choose what kind of opportunity this is."
    if not isinstance(opportunity.capacity, int) or opportunity.capacity < 1:
        errors["capacity"] = "Enter how many people you can host, 1 or more."
    elif opportunity.capacity < opportunity.taken_count:
        errors["capacity"] = (
            f"{opportunity.taken_count} people already have a place, so you cannot host fewer than that."
        )
    if opportunity.starts_on and opportunity.ends_on and opportunity.ends_on < opportunity.starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date."
    if not (opportunity.starts_on or opportunity.duration.strip()):
        errors["duration"] = "Enter dates or say how long it lasts."
    return errors


@transaction.atomic
def opportunity_create(
    *, academy: Academy, by: Actor | None, host: Person | None = None, **fields: Any
) -> Opportunity:
    """A member of staff offers to host. The opportunity belongs to the academy's scheme and to the
    host's own organisation. `host` is for the system only (by=None: demo data, imports); a person
    hosts as themself."""
    if by is None:
        if host is None:
            raise ValidationError({"host": "Name the host."})
    else:
        _require(can_offer(by), "Only people with a staff record can host.")
        host = person_of(by)
    assert host is not None
    if host.organisation_id is None:
        raise ValidationError({"title": "Your staff record has no organisation. Ask the academy to add it."})
    unknown = set(fields) - set(OPPORTUNITY_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    opportunity = Opportunity(academy=academy, host=host, organisation_id=host.organisation_id, **fields)
    _validate(opportunity, _opportunity_errors(opportunity), exclude=["academy", "host", "organisation"])
    opportunity.save()
    audit_record(actor=by, action="interchange.opportunity.create", obj=opportunity)
    return opportunity


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, by: Actor, **fields: Any) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    _require(can_edit_opportunity(by, opportunity), "Only the host can change this opportunity.")
    unknown = set(fields) - set(OPPORTUNITY_FIELDS) - {"status"}
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    for name, value in fields.items():
        setattr(opportunity, name, value)
    errors = _opportunity_errors(opportunity)
    if opportunity.status not in Opportunity.Status.values:
        errors["status"] = "Choose open or closed."
    _validate(opportunity, errors, exclude=["academy", "host", "organisation"])
    opportunity.save()
    audit_record(actor=by, action="interchange.opportunity.update", obj=opportunity)
    return opportunity


# --- Requests to learn ---------------------------------------------------------------------------


@transaction.atomic
def request_create(*, academy: Academy, by: Actor, **fields: Any) -> LearningRequest:
    """A member of staff asks to learn. One open request at a time in each academy's scheme."""
    _require(can_ask_to_learn(by), "Only people with a staff record can ask to learn.")
    person = person_of(by)
    assert person is not None
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    request = LearningRequest(academy=academy, person=person, **fields)
    errors: dict[str, str] = {}
    kinds = request.kinds
    if not isinstance(kinds, list) or any(k not in Kind.values for k in kinds):
        errors["kinds"] = "Choose kinds of opportunity from the list."
    else:
        request.kinds = sorted(set(kinds), key=Kind.values.index)
    if LearningRequest.objects.filter(
        academy=academy, person=person, status=LearningRequest.Status.OPEN
    ).exists():
        errors["what"] = "You already have a request waiting for a match. Withdraw it to ask again."
    _validate(request, errors, exclude=["academy", "person"])
    request.save()
    audit_record(actor=by, action="interchange.request.create", obj=request)
    return request


@transaction.atomic
def request_withdraw(*, request: LearningRequest, by: Actor) -> LearningRequest:
    request = LearningRequest.objects.select_for_update().get(pk=request.pk)
    _require(can_withdraw_request(by, request), "Only the person who asked can withdraw this request.")
    if request.status != LearningRequest.Status.OPEN:
        raise ValidationError({"status": "This request is not waiting for a match."})
    request.status = LearningRequest.Status.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action="interchange.request.withdraw", obj=request)
    return request


# --- Arrangements --------------------------------------------------------------------------------


def _place_taken(
    *,
    opportunity: Opportunity,
    learner: Person,
    by: Actor | None,
    source: str,
    request: LearningRequest | None = None,
    run: MatchingRun | None = None,
) -> Arrangement:
    """Take one place on the (already locked) opportunity for the learner. Asks the line manager where the
    academy's scheme requires it."""
    needs_agreement = scheme_for(opportunity.academy).needs_manager_agreement
    manager = learner.line_manager if learner.line_manager_id else None
    if needs_agreement and (manager is None or manager.anonymised_at is not None):
        raise ValidationError(
            {
                "opportunity": "The academy needs your line manager to agree, and your staff record names none. "
                "Ask the academy to add your line manager."
            }
        )
    opportunity.taken_count += 1
    opportunity.save(update_fields=["taken_count", "updated_at"])
    arrangement = Arrangement.objects.create(
        opportunity=opportunity,
        learner=learner,
        request=request,
        run=run,
        source=source,
        status=Arrangement.Status.AWAITING_MANAGER if needs_agreement else Arrangement.Status.AGREED,
        manager=manager if needs_agreement else None,
        starts_on=opportunity.starts_on,
        ends_on=opportunity.ends_on,
    )
    if request is not None:
        LearningRequest.objects.filter(pk=request.pk).update(
            status=LearningRequest.Status.MATCHED, updated_at=timezone.now()
        )
    entry = audit_record(actor=by, action="interchange.arrangement.create", obj=arrangement, source=source)
    host = opportunity.host
    page = _link(f"/interchange/arrangements/{arrangement.pk}/")
    outbox_enqueue(
        key=f"interchange.arrangement:{arrangement.pk}:made:{entry.pk}:host",
        to=host.email,
        subject=f"{learner.full_name} will join you: {opportunity.title}",
        body=(
            f"Dear {host.given_name},\n\n{learner.full_name} has a place on {opportunity.title}. "
            f"Agree the dates with them here:\n{page}\n"
        ),
    )
    if needs_agreement and manager is not None:
        outbox_enqueue(
            key=f"interchange.arrangement:{arrangement.pk}:manager:{entry.pk}",
            to=manager.email,
            subject=f"Please agree: {learner.full_name} would like to join {opportunity.title}",
            body=(
                f"Dear {manager.given_name},\n\n{learner.full_name} has been offered "
                f"{opportunity.get_kind_display().lower()} with {host.full_name} at {opportunity.organisation.name} "
                f"through the academy's interchange scheme. The academy asks line managers to agree before "
                f"people go. Please agree or decline here:\n{_link(f'/interchange/arrangements/{arrangement.pk}/manager/')}\n"
            ),
        )
    else:
        outbox_enqueue(
            key=f"interchange.arrangement:{arrangement.pk}:made:{entry.pk}:learner",
            to=learner.email,
            subject=f"You have a place: {opportunity.title}",
            body=f"Dear {learner.given_name},\n\nYou have a place on {opportunity.title}.\n{page}\n",
        )
    return arrangement


@transaction.atomic
def opportunity_ask(*, opportunity: Opportunity, by: Actor) -> Arrangement:
    """Browse-and-ask: a learner takes a place on an open opportunity directly, under the same hard rules
    as matching. The opportunity's row is locked first, so two learners asking for the last place at once
    leave one arrangement; the second is told there are no places left."""
    _require(can_ask_to_learn(by), "Only people with a staff record can ask for a place.")
    learner = person_of(by)
    assert learner is not None
    opportunity = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("organisation", "host", "academy")
        .get(pk=opportunity.pk)
    )
    learner = Person.objects.select_related("organisation", "line_manager").get(pk=learner.pk)
    request = (
        LearningRequest.objects.select_for_update()
        .filter(academy_id=opportunity.academy_id, person=learner, status=LearningRequest.Status.OPEN)
        .first()
    )
    probe = LearningRequest(academy_id=opportunity.academy_id, person=learner, kinds=[], id=0)
    broken = hard_rule_broken(
        seeker_of(probe),
        host_of(opportunity),
        line_chain_pairs([learner.pk, opportunity.host_id]),
    )
    if opportunity.status != Opportunity.Status.OPEN or broken:
        raise ValidationError({"opportunity": "This opportunity is not open to you. Choose another."})
    if Arrangement.objects.filter(
        opportunity=opportunity, learner=learner, status__in=Arrangement.HOLDS_PLACE
    ).exists():
        raise ValidationError({"opportunity": "You already have a place on this opportunity."})
    if opportunity.places_left == 0:
        raise ValidationError(
            {"opportunity": "There are no places left on this opportunity. Choose another."}
        )
    return _place_taken(
        opportunity=opportunity, learner=learner, by=by, source=Arrangement.Source.ASKED, request=request
    )


def _lock(arrangement: Arrangement) -> Arrangement:
    return (
        Arrangement.objects.select_for_update(of=("self",))
        .select_related("opportunity__host", "opportunity__organisation", "learner", "manager")
        .get(pk=arrangement.pk)
    )


def _release_place(arrangement: Arrangement) -> None:
    opportunity = Opportunity.objects.select_for_update().get(pk=arrangement.opportunity_id)
    opportunity.taken_count = max(opportunity.taken_count - 1, 0)
    opportunity.save(update_fields=["taken_count", "updated_at"])


@transaction.atomic
def arrangement_manager_decide(
    *, arrangement: Arrangement, agree: bool, by: Actor, comment: str = ""
) -> Arrangement:
    """The learner's line manager agrees or declines. Declining gives the place back."""
    arrangement = _lock(arrangement)
    _require(can_decide_as_manager(by, arrangement), "Only the learner's line manager can decide.")
    if arrangement.status != Arrangement.Status.AWAITING_MANAGER:
        raise ValidationError({"agree": "This arrangement is not waiting for a line manager's decision."})
    arrangement.status = Arrangement.Status.AGREED if agree else Arrangement.Status.DECLINED
    arrangement.manager_decided_at = timezone.now()
    arrangement.manager_comment = comment.strip()[:500]
    arrangement.save(update_fields=["status", "manager_decided_at", "manager_comment", "updated_at"])
    if not agree:
        _release_place(arrangement)
    entry = audit_record(
        actor=by, action="interchange.arrangement.manager_decide", obj=arrangement, agreed=agree
    )
    for person in (arrangement.learner, arrangement.opportunity.host):
        outbox_enqueue(
            key=f"interchange.arrangement:{arrangement.pk}:decided:{entry.pk}:{person.pk}",
            to=person.email,
            subject=f"{arrangement.opportunity.title}: the line manager has {'agreed' if agree else 'declined'}",
            body=(
                f"Dear {person.given_name},\n\n{arrangement.learner.full_name}'s line manager has "
                f"{'agreed' if agree else 'declined'}.\n{_link(f'/interchange/arrangements/{arrangement.pk}/')}\n"
            ),
        )
    return arrangement


@transaction.atomic
def arrangement_schedule(
    *, arrangement: Arrangement, starts_on: dt.date, ends_on: dt.date, by: Actor
) -> Arrangement:
    """The host or the learner records the dates they have agreed."""
    arrangement = _lock(arrangement)
    _require(can_schedule(by, arrangement), "Only the host and the learner can set the dates.")
    errors: dict[str, str] = {}
    if arrangement.status not in (Arrangement.Status.AWAITING_MANAGER, Arrangement.Status.AGREED):
        errors["starts_on"] = "The dates of a finished or cancelled arrangement cannot change."
    elif starts_on is None:
        errors["starts_on"] = "Enter the first day."
    elif ends_on is None:
        errors["ends_on"] = "Enter the last day."
    elif ends_on < starts_on:
        errors["ends_on"] = "The last day must be the same as or after the first day."
    if errors:
        raise ValidationError(errors)
    arrangement.starts_on, arrangement.ends_on = starts_on, ends_on
    arrangement.save(update_fields=["starts_on", "ends_on", "updated_at"])
    audit_record(actor=by, action="interchange.arrangement.schedule", obj=arrangement)
    return arrangement


@transaction.atomic
def arrangement_complete(*, arrangement: Arrangement, by: Actor, today: dt.date | None = None) -> Arrangement:
    """It happened: the host or the learner marks it done once it has begun; both are asked to reflect."""
    arrangement = _lock(arrangement)
    _require(can_complete(by, arrangement), "Only the host and the learner can mark this as done.")
    today = today or timezone.localdate()
    if arrangement.status != Arrangement.Status.AGREED:
        raise ValidationError({"status": "Only an agreed arrangement can be marked as done."})
    if arrangement.starts_on is None or arrangement.starts_on > today:
        raise ValidationError({"status": "It can be marked as done once it has begun. Set the dates first."})
    arrangement.status = Arrangement.Status.COMPLETED
    arrangement.completed_at = timezone.now()
    arrangement.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(actor=by, action="interchange.arrangement.complete", obj=arrangement)
    for person in (arrangement.learner, arrangement.opportunity.host):
        outbox_enqueue(
            key=f"interchange.arrangement:{arrangement.pk}:reflect:{person.pk}",
            to=person.email,
            subject=f"How was it? {arrangement.opportunity.title}",
            body=(
                f"Dear {person.given_name},\n\nPlease tell us in a few words what you took from it:\n"
                f"{_link(f'/interchange/arrangements/{arrangement.pk}/reflect/')}\n"
            ),
        )
    return arrangement


@transaction.atomic
def arrangement_cancel(*, arrangement: Arrangement, by: Actor) -> Arrangement:
    arrangement = _lock(arrangement)
    _require(can_cancel(by, arrangement), "Only the host, the learner or the academy can cancel this.")
    if arrangement.status not in (Arrangement.Status.AWAITING_MANAGER, Arrangement.Status.AGREED):
        raise ValidationError({"status": "Only an arrangement still to happen can be cancelled."})
    arrangement.status = Arrangement.Status.CANCELLED
    arrangement.save(update_fields=["status", "updated_at"])
    _release_place(arrangement)
    audit_record(actor=by, action="interchange.arrangement.cancel", obj=arrangement)
    return arrangement


@transaction.atomic
def reflection_add(
    *, arrangement: Arrangement, by: Actor, usefulness: int, learned: str = "", next_steps: str = ""
) -> Reflection:
    """The host's or the learner's reflection afterwards: one each."""
    arrangement = _lock(arrangement)
    _require(can_reflect(by, arrangement), "Only the host and the learner reflect on an arrangement.")
    side = Reflection.Side.LEARNER if is_learner(by, arrangement) else Reflection.Side.HOST
    assert is_learner(by, arrangement) or is_host_of(by, arrangement)
    errors: dict[str, str] = {}
    if arrangement.status != Arrangement.Status.COMPLETED:
        errors["usefulness"] = "You can reflect once it has been marked as done."
    elif Reflection.objects.filter(arrangement=arrangement, side=side).exists():
        errors["usefulness"] = "You have already sent your reflection. Thank you."
    if not isinstance(usefulness, int) or not 1 <= usefulness <= 5:
        errors["usefulness"] = "Choose how useful it was, from 1 to 5."
    if errors:
        raise ValidationError(errors)
    author = person_of(by)
    reflection = Reflection(
        arrangement=arrangement,
        side=side,
        author=author,
        usefulness=usefulness,
        learned=learned.strip(),
        next_steps=next_steps.strip(),
    )
    _validate(reflection, {}, exclude=["arrangement", "author"])
    reflection.save()
    audit_record(actor=by, action="interchange.reflection.add", obj=reflection, side=side)
    return reflection


# --- Matching runs -------------------------------------------------------------------------------


@transaction.atomic
def matching_run_start(*, academy: Academy, by: Actor) -> MatchingRun:
    """Match every open request of the academy's scheme to its open opportunities at once. The run is a
    draft for the programme team to review before anyone is told."""
    _require(can_run_matching(by, academy.pk), "Only the academy's programme managers can run matching.")
    run = MatchingRun.objects.create(academy=academy, created_by=_user(by))
    audit_record(actor=by, action="interchange.run.start", obj=run)
    from .matching_runs import run_execute

    return run_execute(run_id=run.pk)


@transaction.atomic
def matching_run_publish(*, run: MatchingRun, by: Actor) -> MatchingRun:
    """Make an arrangement for each match still possible: places are taken under each opportunity's lock
    and the hard rules checked again, so a request withdrawn, a place taken or a reporting line changed
    since the run is skipped, not broken."""
    _require(can_manage_run(by, run), "Only the academy's programme managers can publish a run.")
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status == MatchingRun.Status.PUBLISHED:
        raise ValidationError({"status": "This run has already been published."})
    if run.status != MatchingRun.Status.DRAFT:
        raise ValidationError({"status": "This run failed, so there is nothing to publish."})
    results = list(
        RunResult.objects.filter(run=run, opportunity__isnull=False).order_by("opportunity_id", "id")
    )
    made = skipped = 0
    for result in results:
        assert result.opportunity_id is not None
        opportunity = (
            Opportunity.objects.select_for_update(of=("self",))
            .select_related("organisation", "host", "academy")
            .get(pk=result.opportunity_id)
        )
        request = (
            LearningRequest.objects.select_for_update(of=("self",))
            .select_related("person__organisation", "person__line_manager")
            .get(pk=result.request_id)
        )
        learner = request.person
        broken = hard_rule_broken(
            seeker_of(request), host_of(opportunity), line_chain_pairs([learner.pk, opportunity.host_id])
        )
        if (
            request.status != LearningRequest.Status.OPEN
            or opportunity.status != Opportunity.Status.OPEN
            or opportunity.places_left == 0
            or broken
            or Arrangement.objects.filter(
                opportunity=opportunity, learner=learner, status__in=Arrangement.HOLDS_PLACE
            ).exists()
        ):
            skipped += 1
            continue
        try:
            with transaction.atomic():
                _place_taken(
                    opportunity=opportunity,
                    learner=learner,
                    by=by,
                    source=Arrangement.Source.MATCHING,
                    request=request,
                    run=run,
                )
        except ValidationError:
            opportunity.refresh_from_db()
            skipped += 1
            continue
        made += 1
    run.status = MatchingRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.figures = {**run.figures, "arrangements_made": made, "skipped_at_publication": skipped}
    run.save(update_fields=["status", "published_at", "figures", "updated_at"])
    audit_record(actor=by, action="interchange.run.publish", obj=run, made=made, skipped=skipped)
    return run
