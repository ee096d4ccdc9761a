import pytest
from django.test import Client

from tests.factories import PersonFactory

from .helpers import issued

pytestmark = pytest.mark.django_db


def test_administrators_see_keys_lists_and_credentials_but_never_a_private_key():
    credential, _ = issued()
    admin = PersonFactory(user__is_staff=True, user__is_superuser=True).user
    client = Client()
    client.force_login(admin)
    for path in (
        "/admin/credentials/signingkey/",
        "/admin/credentials/statuslist/",
        "/admin/credentials/credential/",
        f"/admin/credentials/credential/{credential.pk}/change/",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        assert b"PRIVATE KEY" not in page.content


def test_the_rotate_action_makes_a_new_key():
    from academy.credentials.models import SigningKey

    issued()
    admin = PersonFactory(user__is_staff=True, user__is_superuser=True).user
    client = Client()
    client.force_login(admin)
    key = SigningKey.objects.get()
    client.post(
        "/admin/credentials/signingkey/", {"action": "rotate", "_selected_action": [key.pk]}, follow=True
    )
    assert SigningKey.objects.count() == 2
