"""/health/ says which part is down, with 503 so a load balancer takes the process out of service."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_health_is_ok_with_tasks_run_in_process_and_needs_no_login() -> None:
    response = Client().get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"]["status"] == "ok"
    assert {response.json()[part]["status"] for part in ("broker", "worker")} == {"in-process"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_health_is_503_naming_the_broker_when_it_cannot_be_reached(settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = Client().get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["database"]["status"] == "ok"
    assert body["broker"] == {"status": "down", "error": "OperationalError"}
