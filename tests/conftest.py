from collections.abc import Iterator
from io import StringIO

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _standard_instruments(request):
    """The standard instruments come from a data migration, and a transactional test (the browser
    journeys) empties every table when it ends; put them back so no test depends on the order tests
    run in. The loader is idempotent."""
    if request.node.get_closest_marker("django_db") is None:
        return
    from academy.evaluation.models import Instrument
    from academy.evaluation.services import instruments_load_standard

    if not Instrument.objects.exists():
        instruments_load_standard()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Rendered pages are cached (core/pagecache.py) in the process's cache: no test sees another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="module")
def demo_region(request, django_db_setup, django_db_blocker) -> Iterator[str]:
    """`manage.py demo` built once for all the tests of a module (with the module's `DEMO_ARGS`, by default
    `--small`), its output given to them. Each test runs inside the build, its own changes rolled back as
    usual; the build is rolled back when the module is done. Mark the module `xdist_group` too, so that one
    worker builds it once rather than both."""
    from django.core.management import call_command
    from django.db import transaction

    from academy.evaluation.models import Instrument
    from academy.evaluation.services import instruments_load_standard

    args = getattr(request.module, "DEMO_ARGS", ("--small",))
    with django_db_blocker.unblock(), transaction.atomic():
        if not Instrument.objects.exists():  # as `_standard_instruments`, which runs only per test
            instruments_load_standard()
        out = StringIO()
        call_command("demo", *args, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that cannot reach the database (no `django_db` mark, no database fixture: pytest-django refuses
    it a connection) gives the same answer on every database, so `.ci/run` runs it once, in the SQLite pass
    (`-m "not database_free"` in the PostgreSQL pass): the pure engines' property tests, mostly."""
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") is None and not uses & DATABASE_FIXTURES:
            item.add_marker(pytest.mark.database_free)
