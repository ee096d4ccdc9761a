"""The matching engine is called by coaching now and by interchange and learning sets later, with plain ids: it
must not reach into any app, nor into Django or its ORM."""

import academy.matching
from tests.dependencies import imports_reaching


def test_matching_imports_no_other_app_and_no_django():
    reaching = imports_reaching(academy.matching, ("academy", "django", "rest_framework"))
    assert {entry for entry in reaching if not entry.split(": ")[1].startswith("academy.matching")} == set()
