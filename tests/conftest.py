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


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that cannot reach the database (no `django_db` mark, no database fixture: pytest-django refuses
    it a connection) gives the same answer on every database, so `.ci/run` runs it once, in the SQLite pass
    (`-m "not database_free"` in the PostgreSQL pass): the pure engines' property tests, mostly."""
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") is None and not uses & DATABASE_FIXTURES:
            item.add_marker(pytest.mark.database_free)
