"""The audit log cannot be edited or deleted through the admin, even by an administrator."""

import pytest
from django.test import Client

from academy.core.models import AuditEntry
from tests.security.world import build_matrix_world


@pytest.mark.django_db
def test_administrator_can_read_but_not_change_add_or_delete_audit_entries() -> None:
    world = build_matrix_world()
    entry = AuditEntry.objects.filter(action="offers.booking.create").first()
    assert entry is not None
    before = (entry.action, entry.object_type, entry.object_id, entry.detail, entry.actor_id, entry.at)
    admin = Client()
    admin.force_login(world.users["admin"])

    assert admin.get("/admin/core/auditentry/").status_code == 200
    page = admin.get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # read-only view, no save button

    changed = admin.post(
        f"/admin/core/auditentry/{entry.pk}/change/",
        {"action": "people.nothing.happened", "object_type": "x", "object_id": "0", "detail": "{}"},
    )
    assert changed.status_code == 403
    assert admin.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get("/admin/core/auditentry/add/").status_code == 403
    bulk = admin.post(
        "/admin/core/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 403)

    entry.refresh_from_db()
    assert (
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.detail,
        entry.actor_id,
        entry.at,
    ) == before
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_people_without_admin_access_cannot_open_the_audit_log() -> None:
    world = build_matrix_world()
    for role in ("participant", "pm", "facilitator", "ics_lead"):
        client = Client()
        client.force_login(world.users[role])
        response = client.get("/admin/core/auditentry/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], role
