"""Matching offers coaches only with a verified accreditation in date (and says so when that rule left
someone unmatched); a requester's wish for similar lived experience counts in scoring, with a weight the
hub administrator sees and changes, and shows in the match's factors."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from academy.coaching import selectors, services
from academy.coaching.matching_runs import NOT_ACCREDITED, pair_factors, pair_score, pool_for
from academy.coaching.models import MatchResult, PractitionerProfile
from tests.coaching.helpers import CHANGE, ask, hub_administrator, practitioner
from tests.factories import AcademyFactory

pytestmark = pytest.mark.django_db

WEIGHTS = {"goals": 5, "sector": 2, "role_level": 2, "format": 1, "experience": 1, "lived_experience": 3}


def _run(academy, admin):  # noqa: ANN001, ANN202
    run = services.matching_run_start(academy=academy, kind="coaching", by=admin)
    run.refresh_from_db()
    return run


def test_unverified_and_expired_coaches_are_never_offered_and_the_reason_is_given() -> None:
    academy = AcademyFactory()
    admin = hub_administrator(academy)
    unverified = practitioner(academy, verified=False, capacity=1)
    expired = practitioner(academy, capacity=1)
    PractitionerProfile.objects.filter(pk=expired.pk).update(
        accreditation_expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    expired.refresh_from_db()
    request = ask(academy)
    pool = pool_for(academy=academy, kind="coaching", weights=WEIGHTS)
    assert pool.forbidden[(request.pk, unverified.pk)] == NOT_ACCREDITED
    assert pool.forbidden[(request.pk, expired.pk)] == NOT_ACCREDITED
    assert "expired on" in expired.accreditation_problem(timezone.localdate())
    run = _run(academy, admin)
    result = MatchResult.objects.get(run=run, request=request)
    assert result.practitioner is None and result.shortlist == []
    assert NOT_ACCREDITED in result.unmatched_reason
    assert (run.figures["not_accredited"], run.figures["places"], run.figures["matched"]) == (2, 0, 0)
    # Browsing applies the same rule: neither is listed, and asking one directly is refused.
    assert selectors.profiles_to_browse(request.person.user, request) == []
    with pytest.raises(ValidationError, match="practitioner"):
        services.browse_choose(request=request, profile=expired, by=request.person.user)
    # Verified and in date: offered.
    good = practitioner(academy, capacity=1)
    run = _run(academy, admin)
    assert MatchResult.objects.get(run=run, request=request).practitioner_id == good.pk


def test_mentors_need_no_accreditation() -> None:
    academy = AcademyFactory()
    mentor = practitioner(academy, kind="mentor", verified=False, accreditation_body="")
    request = ask(academy, kind="mentoring")
    pool = pool_for(academy=academy, kind="mentoring", weights=WEIGHTS)
    assert (request.pk, mentor.pk) not in pool.forbidden


def test_a_lived_experience_wish_counts_with_its_weight_and_shows_in_the_factors() -> None:
    academy = AcademyFactory()
    admin = hub_administrator(academy)
    fields = {"specialisms": [CHANGE], "sectors": ["nhs"], "role_levels": ["band_6"], "years_experience": 5}
    sharing = practitioner(academy, capacity=1, lived_experience=["carer"], **fields)
    other = practitioner(academy, capacity=1, **fields)
    wish = ask(academy, lived_experience_themes=["carer", "disability"])
    plain = ask(academy)
    shared = pair_factors(wish, sharing)
    assert shared["lived_experience"] == 1.0 and pair_factors(wish, other)["lived_experience"] == 0.0
    assert "lived_experience" not in pair_factors(plain, sharing)  # no wish: not scored on it
    # goals 1, sector 1, role 0, format 1, experience 0.5: (5 + 2 + 0 + 1 + 0.5 + 3) / 14 = 11.5/14
    assert pair_score(shared, WEIGHTS) == pytest.approx(0.01 + 0.99 * 11.5 / 14)
    # without the factor: 8.5 / 14 for the other coach; the plain request over 11 weights: 8.5 / 11
    assert pair_score(pair_factors(wish, other), WEIGHTS) == pytest.approx(0.01 + 0.99 * 8.5 / 14)
    assert pair_score(pair_factors(plain, other), WEIGHTS) == pytest.approx(0.01 + 0.99 * 8.5 / 11)
    run = _run(academy, admin)
    mine = MatchResult.objects.get(run=run, request=wish)
    assert mine.practitioner_id == sharing.pk
    assert mine.factors[str(sharing.pk)]["factors"]["lived_experience"] == 1.0
    # The administrator sees and changes the weight; at 0 the wish no longer moves the score.
    hub = services.hub_weights_update(academy=academy, by=admin, lived_experience=0)
    assert hub.weights()["lived_experience"] == 0
    assert pair_score(shared, hub.weights()) == pair_score(pair_factors(wish, other), hub.weights())


def test_lived_experience_choices_are_checked() -> None:
    academy = AcademyFactory()
    with pytest.raises(ValidationError, match="lived_experience"):
        ask(academy, lived_experience_themes=["astronaut"])
    with pytest.raises(ValidationError, match="lived_experience"):
        practitioner(academy, lived_experience=["astronaut"])
