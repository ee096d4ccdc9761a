"""The systemd units in deploy/systemd/ start the same commands that `make serve` runs."""

import runpy
import shlex
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "deploy" / "systemd"
APP_DIR = "/srv/academy"
VENV_BIN = f"{APP_DIR}/.venv/bin/"


def serve_script() -> dict[str, Any]:
    return runpy.run_path(str(REPO / "scripts" / "serve.py"), run_name="units")


def unit(name: str) -> dict[str, list[str]]:
    """A unit's settings, every value of each key in order (ExecStart and Environment repeat)."""
    values: dict[str, list[str]] = {}
    for raw in (UNITS / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "[")):
            continue
        key, _, value = line.partition("=")
        values.setdefault(key.strip(), []).append(value.strip())
    return values


def commands(name: str) -> list[list[str]]:
    """ExecStart lines as `make serve` writes them: executables named relative to the venv's bin."""
    found = []
    for line in unit(name)["ExecStart"]:
        argv = shlex.split(line)
        assert argv[0].startswith(VENV_BIN), f"{name} runs {argv[0]}, not from the virtual environment"
        found.append([argv[0].removeprefix(VENV_BIN), *argv[1:]])
    return found


def test_web_worker_and_beat_units_run_the_commands_make_serve_runs() -> None:
    processes = serve_script()["PROCESSES"]
    assert set(processes) == {"web", "worker", "beat"}
    for name, command in processes.items():
        assert commands(f"academy-{name}.service") == [command], name


def test_the_migrate_unit_prepares_as_make_serve_does_before_the_others_start() -> None:
    assert commands("academy-migrate.service") == serve_script()["PREPARE"]
    for name in ("web", "worker", "beat"):
        settings = unit(f"academy-{name}.service")
        assert "academy-migrate.service" in settings["Requires"][0]
        assert "academy-migrate.service" in settings["After"][0]


def test_every_unit_runs_the_production_settings_from_the_app_folder() -> None:
    settings_module = serve_script()["SETTINGS"]
    for name in ("migrate", "web", "worker", "beat"):
        settings = unit(f"academy-{name}.service")
        assert settings["WorkingDirectory"] == [APP_DIR]
        assert f"DJANGO_SETTINGS_MODULE={settings_module}" in settings["Environment"]
        assert f"PYTHONPATH={APP_DIR}/src" in settings["Environment"]
        assert settings["EnvironmentFile"] == ["/etc/academy/academy.env"]


def test_stopping_is_graceful_and_given_longer_than_gunicorn_waits() -> None:
    gunicorn = runpy.run_path(str(REPO / "deploy" / "gunicorn.conf.py"))
    web = unit("academy-web.service")
    assert web["KillSignal"] == ["SIGTERM"] and web["KillMode"] == ["mixed"]
    assert int(web["TimeoutStopSec"][0]) > gunicorn["graceful_timeout"]
    assert unit("academy-worker.service")["KillMode"] == [
        "mixed"
    ]  # SIGTERM to the main process: warm shutdown


def test_the_target_starts_all_four() -> None:
    wants = unit("academy.target")["Wants"][0].split()
    assert sorted(wants) == sorted(f"academy-{n}.service" for n in ("migrate", "web", "worker", "beat"))
