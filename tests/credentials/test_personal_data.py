import pytest
from django.test import Client

from academy.credentials.personal_data import export
from academy.credentials.services import credential_revoke
from academy.people.services import person_anonymise
from tests.factories import PersonFactory

from .helpers import issued

pytestmark = pytest.mark.django_db


def test_the_export_lists_what_was_issued():
    credential, _ = issued()
    (row,) = export(credential.holder)["credentials"]
    assert row["achievement"] == "Leading across systems" and row["credential"] == credential.token


def test_anonymising_clears_the_name_but_the_record_can_still_be_revoked():
    credential, manager = issued(given_name="Ada", family_name="Okafor")
    admin = PersonFactory(user__is_superuser=True, user__is_staff=True).user
    person_anonymise(person=credential.holder, by=admin)
    credential.refresh_from_db()
    assert credential.holder_name == "" and credential.token == ""
    text = Client().get(f"/credentials/{credential.pk}/").content.decode()
    assert "Ada Okafor" not in text and "Name withheld" in text
    credential_revoke(credential=credential, reason="Withdrawn", by=manager)
    assert "Revoked" in Client().get(f"/credentials/{credential.pk}/").content.decode()
