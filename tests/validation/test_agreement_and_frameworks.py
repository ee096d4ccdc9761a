"""Inter-rater agreement against hand-computed values; the framework formats; conflicts of interest over
random organisation trees."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.validation.agreement import agreement
from academy.validation.frameworks import FrameworkError, parse_csv, parse_json

SAMPLE = Path(__file__).parents[2] / "src/academy/validation/samples/system-od-practice.json"


def _rows(counts):
    return [[category for category, n in enumerate(row) for _ in range(n)] for row in counts]


def test_fleiss_kappa_matches_the_worked_example_of_fleiss_1971_as_usually_taught():
    # 10 subjects, 14 raters, 5 categories: P-bar = 0.378, P-e = 0.213, kappa = 0.210
    counts = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    result = agreement(_rows(counts))
    assert round(result.kappa, 3) == 0.210
    assert result.pairs == 10 * 91
    assert round(result.agreeing_pairs / result.pairs, 3) == 0.378


def test_two_panel_members_by_hand():
    # agree on 3 of 4 elements: 75%; chance (2/8)^2 + (5/8)^2 + (1/8)^2 = 30/64; kappa = (48-30)/(64-30) = 9/17
    result = agreement([[0, 0], [1, 1], [2, 1], [1, 1]])
    assert result.percent == 75.0
    assert result.kappa == pytest.approx(9 / 17)
    assert result.base == "3 of 4 pairs of ratings agree (4 elements, 2 panel members)"


def test_everyone_using_one_category_has_no_kappa_and_full_agreement():
    result = agreement([[1, 1, 1], [1, 1, 1]])
    assert result.kappa is None and result.percent == 100.0


@given(st.lists(st.lists(st.integers(0, 2), min_size=3, max_size=3), min_size=1, max_size=12))
def test_agreement_is_a_share_and_kappa_never_exceeds_one(rows):
    result = agreement(rows)
    assert 0 <= result.percent <= 100
    assert result.kappa is None or result.kappa <= 1 + 1e-9


def test_the_sample_framework_round_trips_through_json_and_csv():
    spec = parse_json(SAMPLE.read_text())
    assert parse_json(json.dumps(spec.as_json())) == spec
    assert parse_csv(spec.as_csv()) == spec
    assert sum(len(d.elements) for d in spec.domains) == 8


def test_a_bad_csv_reports_every_bad_row_and_imports_nothing():
    good = parse_json(SAMPLE.read_text()).as_csv().splitlines()
    lines = [
        good[0],
        good[1].replace(",A1,", ",,"),
        good[2].replace("academy-system-od-practice", "other"),
        *good[3:],
    ]
    with pytest.raises(FrameworkError) as error:
        parse_csv("\n".join(lines))
    assert error.value.errors == [
        "Row 2: the element code must be 1 to 20 letters, digits, dots or hyphens.",
        "Row 3: the framework columns differ from row 2's.",
    ]


def test_a_bad_json_framework_reports_every_problem():
    data = {
        "slug": "Bad Slug",
        "version": "",
        "name": "x",
        "domains": [
            {
                "code": "A",
                "name": "",
                "elements": [
                    {"code": "A1", "name": "n", "practitioner": "p"},
                    {"code": "A1", "name": "m", "practitioner": "p", "leader": "l"},
                ],
            }
        ],
    }
    with pytest.raises(FrameworkError) as error:
        parse_json(json.dumps(data))
    assert error.value.errors == [
        "Domain 1: enter a name.",
        "Domain 1, element 1: give both level descriptors (practitioner and leader).",
        "Domain 1, element 2: the element code A1 is used twice.",
        "Framework: the slug must be lower-case letters, digits and hyphens.",
        "Framework: enter a version.",
    ]


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=25), st.data())
def test_a_panel_never_includes_anyone_in_the_chain_or_organisation(parents, data):
    """Random organisation trees: person i's line manager is an earlier person (or none); people sit in
    one of three organisations. Whoever the service accepts is outside the practitioner's chain and
    organisation; whoever it refuses is inside one of them."""
    from django.core.exceptions import ValidationError

    from academy.people.selectors import line_chain_ids
    from academy.validation import services
    from academy.validation.models import PanelMember
    from tests.factories import OrganisationFactory, PersonFactory

    from .helpers import world

    w = world(to="submitted", panel_size=0)
    organisations = [w.practitioner.organisation, OrganisationFactory(), OrganisationFactory()]
    people = [w.practitioner]
    for parent in parents:
        manager = people[parent % len(people)] if parent % 4 else None
        people.append(
            PersonFactory(organisation=organisations[data.draw(st.integers(0, 2))], line_manager=manager)
        )
    practitioner_position = data.draw(st.integers(0, len(people) - 1))
    practitioner = people[practitioner_position]
    w.route.person = practitioner
    w.route.save()
    # the chain, walked here from the tree as built rather than asked of the database
    manager_of = {p.pk: p.line_manager_id for p in people}
    up, at = set(), manager_of[practitioner.pk]
    while at is not None:
        up.add(at)
        at = manager_of.get(at)
    down, frontier = set(), {practitioner.pk}
    while frontier:
        frontier = {pk for pk, m in manager_of.items() if m in frontier} - down
        down |= frontier
    chain = up | down
    assert chain == line_chain_ids(practitioner) & set(manager_of)
    for person in people:
        if person.pk == practitioner.pk or person.pk == w.route.supporter_id:
            continue
        inside = person.pk in chain or person.organisation_id == practitioner.organisation_id
        try:
            services.panel_member_add(
                route=w.route, person=person, kind=PanelMember.Kind.PEER, conflict_declaration="None", by=w.pm
            )
        except ValidationError:
            assert inside
        else:
            assert not inside
    assert not set(w.route.panel.values_list("person_id", flat=True)) & (chain | {practitioner.pk})
