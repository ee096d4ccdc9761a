"""The demo tells seed 001's story from data entered through the route: the North West pilots'
outcomes, and the national pipeline page printing the seed's figures, each with its base."""

import pytest
from django.test import Client

from academy.demo.validation import PILOTS
from academy.people.models import User
from academy.validation.models import Outcome, Route

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.xdist_group("demo-small-validation"),
]  # one demo build: demo_region

SEED = (
    "78 expressions of interest. 68 participants in the workshop. 27% ready to make a claim. "
    "33% ready in 12–18 months. 40% considering further development."
)


def test_the_pilots_outcomes_and_the_national_pipeline_page_print_seed_001(demo_region: str) -> None:
    for (name, _, outcomes), (leaders, practitioners) in zip(PILOTS, [(2, 2), (1, 1)], strict=True):
        routes = Route.objects.filter(cohort__name=name)
        assert routes.filter(claim_submitted_at__isnull=False).count() == len(outcomes)
        assert routes.filter(outcome=Outcome.LEADER).count() == leaders
        assert routes.filter(outcome=Outcome.PRACTITIONER).count() == practitioners

    client = Client()
    client.force_login(User.objects.get(username="programme.manager@demo.academy.example"))
    page = client.get("/validation/pipeline/").content.decode()
    assert SEED in page
    # each with its base
    assert "took part in the workshop (68 of 78 who expressed interest)" in page
    assert "Readiness after the workshop (base: 60 workshop participants who recorded a decision)" in page
    for count in ("16 of 60", "20 of 60", "24 of 60"):
        assert count in page
    assert "Outcomes by level (base: 6 claims decided)" in page
    pdf = client.get("/validation/pipeline/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_demo_panel_member_has_a_claim_to_review(demo_region: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username="panel.member@demo.academy.example"))
    home = client.get("/validation/").content.decode()
    assert "Claims to review" in home
    route = Route.objects.get(panel__person__user__username="panel.member@demo.academy.example")
    assert client.get(f"/validation/routes/{route.pk}/review/").status_code == 200
