"""Leadership charters: leaders sign by their own login, once; they see what they signed; the charter
counts signatures by organisation; a review reminds everyone who signed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from academy.core.models import OutboxMessage
from academy.systems import selectors, services
from academy.systems.models import Signature
from tests.factories import ICSFactory, OrganisationFactory, PersonFactory
from tests.systems.helpers import lead_of

pytestmark = pytest.mark.django_db


def _charter(publish: bool = True):  # noqa: ANN202
    ics = ICSFactory()
    lead = lead_of(ics)
    charter = services.charter_create(
        ics=ics,
        title="Leadership Charter",
        principles=["People-led", "Collaborative"],
        leader_commitments=["Do what I say I am going to do"],
        collective_commitments=["Keep the needs of the population we serve at the centre"],
        values=["Trust", "Respect"],
        by=lead,
    )
    if publish:
        charter = services.charter_publish(charter=charter, by=lead)
    return ics, lead, charter


def test_a_leader_signs_once_and_the_second_time_is_refused_with_the_date() -> None:
    _ics, _lead, charter = _charter()
    leader = PersonFactory()
    signature = services.charter_sign(charter=charter, by=leader.user)
    assert signature.organisation == leader.organisation
    with pytest.raises(ValidationError) as error:
        services.charter_sign(charter=charter, by=leader.user)
    assert error.value.message_dict["charter"][0].startswith("You have already signed this charter, on ")
    assert Signature.objects.filter(charter=charter).count() == 1


def test_a_draft_charter_cannot_be_signed_or_read_by_others() -> None:
    _ics, _lead, charter = _charter(publish=False)
    leader = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.charter_sign(charter=charter, by=leader.user)
    with pytest.raises(Http404):
        selectors.charter_get(leader.user, charter.pk)


def test_what_a_leader_signed_stays_what_they_signed_after_the_charter_changes() -> None:
    _ics, lead, charter = _charter()
    leader = PersonFactory()
    services.charter_sign(charter=charter, by=leader.user)
    services.charter_update(
        charter=charter, revision=charter.revision, values=["Trust", "Integrity"], by=lead
    )
    mine = selectors.my_signature(leader.user, charter)
    assert mine is not None and mine.signed_text["values"] == ["Trust", "Respect"]
    with pytest.raises(ValidationError, match="Someone else changed this charter"):
        services.charter_update(charter=charter, revision=charter.revision, values=["Care"], by=lead)


def test_the_charter_counts_leaders_by_organisation() -> None:
    ics, _lead, charter = _charter()
    trust, council = (
        OrganisationFactory(ics=ics, name="A Trust"),
        OrganisationFactory(ics=ics, name="B Council"),
    )
    for organisation, n in ((trust, 3), (council, 1)):
        for _ in range(n):
            services.charter_sign(charter=charter, by=PersonFactory(organisation=organisation).user)
    assert selectors.charter_signatures_by_organisation(charter) == [
        {"organisation": "A Trust", "leaders": 3},
        {"organisation": "B Council", "leaders": 1},
    ]


def test_a_review_reminds_each_signatory_once_per_review_and_only_the_lead_reviews() -> None:
    _ics, lead, charter = _charter()
    leaders = [PersonFactory() for _ in range(2)]
    for leader in leaders:
        services.charter_sign(charter=charter, by=leader.user)
    with pytest.raises(PermissionDenied):
        services.charter_review(charter=charter, by=leaders[0].user)
    assert services.charter_review(charter=charter, by=lead, next_review_on=dt.date(2027, 6, 21)) == 2
    mails = OutboxMessage.objects.filter(key__startswith=f"systems.charter:{charter.pk}:review:1:")
    assert sorted(m.to for m in mails) == sorted(p.email for p in leaders)
    assert "is being reviewed" in mails[0].subject
    services.charter_review(charter=charter, by=lead)
    assert OutboxMessage.objects.filter(key__startswith=f"systems.charter:{charter.pk}:review:").count() == 4


def test_the_daily_task_starts_the_reviews_that_are_due_and_only_once() -> None:
    from academy.systems.tasks import charter_reviews_due

    _ics, _lead, charter = _charter()
    services.charter_sign(charter=charter, by=PersonFactory().user)
    services.charter_update(charter=charter, revision=None, review_on=dt.date(2020, 4, 1), by=None)
    later, _lead2, not_due = _charter()
    services.charter_update(charter=not_due, revision=None, review_on=dt.date(2999, 4, 1), by=None)
    assert charter_reviews_due() == 1
    charter.refresh_from_db()
    assert charter.reviews == 1 and charter.review_on is None
    assert charter_reviews_due() == 0
