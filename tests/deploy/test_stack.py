"""`make serve`'s stack, for real: gunicorn, a Celery worker and beat on PostgreSQL and Redis.

A booking made through the API is confirmed by e-mail that the worker delivers to an SMTP sink; /health/
reports each part; the log lines are JSON and name nobody; SIGTERM stops all three cleanly (exit 0).
It makes its own PostgreSQL database, so it runs once, in the SQLite pass of CI (not again on PostgreSQL).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.smtp_sink import SmtpSink
from tests.deploy.support import fresh_database, postgres_available

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/5")

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs once, in the SQLite pass: it makes its own PostgreSQL database",
    ),
    pytest.mark.skipif(not postgres_available(), reason="needs PostgreSQL at 127.0.0.1:5432 (CI starts it)"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def call(url: str, data: dict[str, Any] | None = None, token: str = "") -> tuple[int, dict[str, Any]]:
    method = "POST" if data is not None else "GET"
    request = urllib.request.Request(url, method=method)  # noqa: S310 - our own server, http only
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
        request.data = json.dumps(data).encode()
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def wait_until_up(base: str, serve: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    health: dict[str, Any] = {}
    while time.monotonic() < deadline:
        assert serve.poll() is None, "the stack stopped while starting"
        try:
            status, health = call(f"{base}/health/")
            if status == 200:
                return health
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"the stack did not become healthy: {health}")


def test_make_serve_stack_books_mails_reports_health_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    with fresh_database("prod_stack") as database_url, SmtpSink() as sink:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
        env.update(
            DJANGO_SETTINGS_MODULE="academy.config.settings.production",
            PYTHONPATH=f"{REPO / 'src'}{os.pathsep}{REPO}",
            DATABASE_URL=database_url,
            CELERY_BROKER_URL=REDIS_URL,
            SECRET_KEY="stack-test-" + "k" * 40,
            HTTPS="false",
            ACADEMY_BIND=f"127.0.0.1:{port}",
            ACADEMY_VAR_DIR=str(tmp_path / "var"),
            MEDIA_ROOT=str(tmp_path / "media"),
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(sink.port),
            WEB_CONCURRENCY="1",
            CELERY_WORKER_CONCURRENCY="1",
        )
        python = str(REPO / ".venv" / "bin" / "python")
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True, timeout=180
        )
        made = subprocess.run(
            [python, "-c", "from tests.deploy.stack_world import main; main()"],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        world = json.loads(made.stdout.strip().splitlines()[-1])

        log_file = tmp_path / "serve.log"
        with log_file.open("w") as log:
            # Static files are collected by `make serve` (slow: thousands of files compressed); the API and
            # /health/ do not need them, so the test starts the same three processes without that step.
            serve = subprocess.Popen(
                [python, "scripts/serve.py", "--no-prepare"],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                health = wait_until_up(base, serve, timeout=90)
                assert {part: health[part]["status"] for part in ("database", "broker", "worker")} == {
                    "database": "ok",
                    "broker": "ok",
                    "worker": "ok",
                }

                status, issued = call(
                    f"{base}/api/v1/auth/token/",
                    {"username": world["username"], "password": world["password"]},
                )
                assert status == 200, issued
                status, booked = call(
                    f"{base}/api/v1/bookings/", {"cohort": world["cohort"]}, issued["token"]
                )
                assert status == 201, booked
                assert booked["status"] == "confirmed"

                message = sink.wait_for(world["email"], timeout=45)
                assert message is not None, "the worker delivered no confirmation e-mail"
                assert message["Subject"].startswith("Place confirmed: ")
                body = "".join(
                    part.get_payload(decode=True).decode()  # type: ignore[union-attr]
                    for part in message.walk()
                    if part.get_content_type() == "text/plain"
                )
                assert "(Stack cohort) is confirmed" in body
            finally:
                serve.send_signal(signal.SIGTERM)
                code = serve.wait(timeout=60)
        output = log_file.read_text()
        assert code == 0, output[-3000:]
        for part in ("web", "worker", "beat"):
            assert f"{part} stopped with 0" in output

        lines = [line for line in output.splitlines() if line.startswith("{")]
        records = [json.loads(line) for line in lines]
        assert any(
            record.get("logger") == "gunicorn.access" and record.get("path") == "/api/v1/bookings/"
            for record in records
        ), "no access log line for the booking"
        for personal in [world["email"], *world["names"]]:
            assert personal.lower() not in output.lower(), f"the logs name {personal!r}"


def test_serve_script_runs_from_a_fresh_checkout_with_nothing_but_python() -> None:
    """The supervisor is plain Python: it imports nothing from Academy or outside the standard library."""
    result = subprocess.run(
        [sys.executable, "-I", "-c", "import runpy; runpy.run_path('scripts/serve.py', run_name='check')"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
