"""Production settings: `check --deploy` is clean, HSTS and secure cookies are on."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import json
import django
from django.conf import settings
django.setup()
from django.test import Client, override_settings
# Static files are not collected here; the manifest storage is not what this probe is about.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client()
response = client.get("/login/", secure=True, HTTP_HOST="academy.example.nhs.uk")
plain = client.get("/", HTTP_HOST="academy.example.nhs.uk")
print(json.dumps({
    "debug": settings.DEBUG,
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "status": response.status_code,
    "hsts_header": response.headers.get("Strict-Transport-Security", ""),
    "csrf_cookie_secure_flag": bool(response.cookies["csrftoken"]["secure"]) if "csrftoken" in response.cookies else None,
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
}))
"""


def production_env(tmp_path: Path) -> dict[str, str]:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a production check.
    ignored = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(
        DJANGO_SETTINGS_MODULE="academy.config.settings.production",
        SECRET_KEY="production-like-" + "k3y" * 20,
        ALLOWED_HOSTS="academy.example.nhs.uk",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        CACHE_URL="redis://127.0.0.1:6379/5",  # production refuses a per-process cache
        PYTHONPATH=str(REPO / "src"),
    )
    return env


def test_check_deploy_reports_no_issues(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


def test_production_sends_hsts_and_secure_cookies_and_redirects_to_https(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True, timeout=300
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["debug"] is False
    assert found["hsts_seconds"] >= 31536000
    assert found["session_cookie_secure"] and found["csrf_cookie_secure"] and found["ssl_redirect"]
    assert found["status"] == 200
    assert "max-age=31536000" in found["hsts_header"] and "includeSubDomains" in found["hsts_header"]
    assert found["csrf_cookie_secure_flag"] is True
    assert found["plain_status"] == 301 and found["plain_location"].startswith("https://")


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
