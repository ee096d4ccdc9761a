import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from academy.core.models import AuditEntry, OutboxMessage
from academy.credentials.models import Credential
from academy.credentials.services import (
    credential_issue,
    credential_reinstate,
    credential_revoke,
    credential_suspend,
    credential_verify,
    signing_key_rotate,
)
from tests.factories import AcademyFactory, PersonFactory, programme_manager

from .helpers import COURSE, completed_booking, issued

pytestmark = pytest.mark.django_db


def test_an_issued_credential_verifies_as_valid_with_its_issuer_holder_and_achievement():
    credential, _ = issued(given_name="Ada", family_name="Okafor")
    result = credential_verify(credential.token)
    assert result.ok, result.reasons
    assert result.status == "valid"
    assert result.holder_name == "Ada Okafor"
    assert result.achievement_name == "Leading across systems"
    assert result.issuer_name == credential.academy.name
    assert result.kid == credential.kid
    assert result.issued_on == credential.issued_at.date()


def test_issuing_audits_and_writes_to_the_holder_with_the_verification_address():
    credential, _ = issued()
    assert AuditEntry.objects.filter(
        action="credentials.credential.issued", object_id=str(credential.pk)
    ).exists()
    message = OutboxMessage.objects.get(to=credential.holder.email)
    assert f"/credentials/{credential.pk}/" in message.body


def test_the_credential_holds_no_plain_email_address():
    credential, _ = issued()
    import jwt

    payload = jwt.decode(credential.token, options={"verify_signature": False})
    assert credential.holder.email not in str(payload)
    identifier = payload["credentialSubject"]["identifier"][0]
    assert identifier["hashed"] is True and identifier["identityHash"].startswith("sha256$")


def test_issuing_again_for_the_same_subject_returns_the_standing_credential():
    credential, manager = issued()
    subject = credential.holder.bookings.get()
    assert credential_issue(subject=subject, achievement=COURSE, by=manager) == credential
    assert Credential.objects.count() == 1


def test_only_those_the_subject_allows_may_issue():
    made = completed_booking()
    other_academy_manager = programme_manager(AcademyFactory())
    with pytest.raises(PermissionDenied):
        credential_issue(subject=made, achievement=COURSE, by=other_academy_manager)
    with pytest.raises(PermissionDenied):
        credential_issue(subject=made, achievement=COURSE, by=made.person.user)


def test_a_model_nobody_registered_cannot_be_a_subject():
    with pytest.raises(ValidationError):
        credential_issue(subject=PersonFactory(), achievement=COURSE, by=None)


def test_revoking_makes_verification_say_revoked_with_the_date_and_not_the_private_reason():
    credential, manager = issued()
    credential_revoke(credential=credential, reason="Issued in error to the wrong cohort", by=manager)
    result = credential_verify(credential.token)
    assert not result.ok and result.status == "revoked"
    assert "revoked it on" in result.reasons[0]
    assert "wrong cohort" not in " ".join(result.reasons)


def test_a_reason_marked_public_is_shown():
    credential, manager = issued()
    credential_revoke(
        credential=credential, reason="Evidence was not the holder's own", public=True, by=manager
    )
    assert "Reason: Evidence was not the holder's own" in credential_verify(credential.token).reasons


def test_suspending_then_reinstating():
    credential, manager = issued()
    credential_suspend(credential=credential, reason="Under review", by=manager)
    assert credential_verify(credential.token).status == "suspended"
    credential_reinstate(credential=credential, reason="Review found no problem", by=manager)
    assert credential_verify(credential.token).status == "valid"


def test_a_revoked_credential_cannot_be_reinstated_or_revoked_again():
    credential, manager = issued()
    credential_revoke(credential=credential, reason="Issued in error", by=manager)
    with pytest.raises(ValidationError):
        credential_reinstate(credential=credential, reason="Oops", by=manager)
    with pytest.raises(ValidationError):
        credential_revoke(credential=credential, reason="Again", by=manager)


def test_a_reason_is_required():
    credential, manager = issued()
    with pytest.raises(ValidationError) as error:
        credential_revoke(credential=credential, reason="  ", by=manager)
    assert "reason" in error.value.message_dict


def test_the_holder_cannot_revoke_their_own_credential():
    credential, _ = issued()
    with pytest.raises(PermissionDenied):
        credential_revoke(credential=credential, reason="No", by=credential.holder.user)


def test_rotation_keeps_earlier_credentials_valid_and_signs_new_ones_with_the_new_key():
    first, _ = issued()
    new_key = signing_key_rotate(by=None)
    second, _ = issued()
    assert second.kid == new_key.kid != first.kid
    assert credential_verify(first.token).ok
    assert credential_verify(second.token).ok


def test_an_achievement_needs_a_name_that_fits():
    import dataclasses

    made = completed_booking()
    for name in ("", "x" * 201):
        with pytest.raises(ValidationError):
            credential_issue(subject=made, achievement=dataclasses.replace(COURSE, name=name), by=None)


def test_the_subjects_app_finds_the_credential_issued_about_it():
    from academy.credentials.selectors import credential_of_subject

    made = completed_booking()
    assert credential_of_subject(made) is None
    first = credential_issue(subject=made, achievement=COURSE, by=None)
    assert credential_of_subject(made) == first
    credential_revoke(credential=first, reason="Issued in error", by=None)
    assert credential_of_subject(made) == first
    second = credential_issue(subject=made, achievement=COURSE, by=None)
    assert second != first and credential_of_subject(made) == second
