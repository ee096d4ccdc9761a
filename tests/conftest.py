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
