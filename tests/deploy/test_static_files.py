"""Static files in production: hashed names, served compressed and cached for a year (WhiteNoise with the
production settings' CompressedManifestStaticFilesStorage), and unhashed names cached briefly."""

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client


@pytest.fixture
def collected(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SECRET_KEY", "static-test-" + "k" * 40)
    base = importlib.import_module("academy.config.settings.base")
    monkeypatch.setattr(base, "CACHE_URL", "redis://127.0.0.1:6379/5")  # production insists on a shared cache
    production = importlib.import_module("academy.config.settings.production")
    source = tmp_path / "source" / "web"
    source.mkdir(parents=True)
    (source / "site.css").write_text("body { margin: 0; }\n" * 200)  # big enough to be worth compressing
    settings.STATICFILES_DIRS = [str(tmp_path / "source")]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": production.STORAGES["staticfiles"]}
    settings.WHITENOISE_MAX_AGE = production.WHITENOISE_MAX_AGE
    settings.DEBUG = False
    call_command("collectstatic", "--noinput", verbosity=0)
    return settings.STATIC_ROOT


def test_hashed_static_files_are_served_gzipped_and_cached_for_a_year(collected: Path) -> None:
    hashed = next(
        p.name for p in (collected / "web").iterdir() if re.fullmatch(r"site\.[0-9a-f]{12}\.css", p.name)
    )
    assert (collected / "web" / f"{hashed}.gz").exists()

    response = Client().get(f"/static/web/{hashed}", HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"


def test_a_name_without_its_hash_is_cached_for_an_hour_only(collected: Path) -> None:
    response = Client().get("/static/web/site.css")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=3600, public"


def test_production_refuses_a_cache_of_its_own_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cached pages are emptied on every write; with a per-process cache the other web processes would
    show a booked place late, so production takes CACHE_URL or the broker's Redis, or refuses to start."""
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SECRET_KEY", "static-test-" + "k" * 40)
    base = importlib.import_module("academy.config.settings.base")
    monkeypatch.setattr(base, "CACHE_URL", "")
    monkeypatch.setattr(base, "CELERY_BROKER_URL", "memory://")
    monkeypatch.delitem(sys.modules, "academy.config.settings.production", raising=False)
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        importlib.import_module("academy.config.settings.production")

    monkeypatch.setattr(base, "CELERY_BROKER_URL", "redis://127.0.0.1:6379/5")
    monkeypatch.delitem(sys.modules, "academy.config.settings.production", raising=False)
    production = importlib.import_module("academy.config.settings.production")
    assert production.CACHES["default"]["BACKEND"] == "academy.core.rediscache.RedisCache"
    assert production.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/5"
