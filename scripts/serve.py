#!/usr/bin/env python3
"""Run Academy's production stack on one machine: gunicorn, a Celery worker and Celery beat.

`make serve` calls this. It prepares the database and static files (migrate, collectstatic), starts the
three processes, and on SIGTERM or SIGINT (Ctrl-C) passes SIGTERM to each and waits for them to finish
what they hold: gunicorn its requests in hand, the worker its tasks, beat its schedule file. It exits 0
when all three stopped cleanly, and stops the others (exiting 1) if one of them dies on its own.

The commands are the same as the ExecStart lines in deploy/systemd/ (tests/deploy/test_systemd_units.py
checks that), so what runs here is what runs on a server.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = ".venv/bin"
SETTINGS = "academy.config.settings.production"
STOP_TIMEOUT = 45.0  # longer than gunicorn's graceful_timeout

# name -> command, executables relative to the virtual environment's bin directory
PROCESSES: dict[str, list[str]] = {
    "web": ["gunicorn", "--config", "deploy/gunicorn.conf.py"],
    "worker": [
        "celery",
        "--quiet",
        "--app",
        "academy.config.celery",
        "worker",
        "--loglevel",
        "INFO",
        "--without-mingle",
    ],
    "beat": ["celery", "--quiet", "--app", "academy.config.celery", "beat", "--loglevel", "INFO"],
}
PREPARE: list[list[str]] = [
    ["python", "manage.py", "migrate", "--noinput"],
    ["python", "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH", "")) if p)
    var = Path(env.get("ACADEMY_VAR_DIR", REPO / "var"))
    var.mkdir(parents=True, exist_ok=True)  # beat keeps its schedule file here
    if not env.get("SECRET_KEY"):
        # One machine, no secret given: keep one in var/ so sessions survive a restart.
        key_file = var / "secret-key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        env["SECRET_KEY"] = key_file.read_text().strip()
    if not env.get("CREDENTIALS_SIGNING_KEYS"):
        # Likewise the key that signs certificates (production never generates one into the database).
        signing_file = var / "credentials-signing-key.pem"
        if not signing_file.exists():
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric import rsa

            private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            signing_file.write_bytes(
                private.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            signing_file.chmod(0o600)
        env["CREDENTIALS_SIGNING_KEYS"] = str(signing_file)
    return env


def executable(name: str) -> str:
    local = REPO / VENV_BIN / name
    return str(local) if local.exists() else name


def log(message: str) -> None:
    print(f'{{"logger": "serve", "message": "{message}"}}', file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    env = environment()
    if "--no-prepare" not in argv:
        for command in PREPARE:
            subprocess.run([executable(command[0]), *command[1:]], cwd=REPO, env=env, check=True)

    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    children: dict[str, subprocess.Popen[bytes]] = {}
    for name, command in PROCESSES.items():
        # A session of its own: Ctrl-C reaches this script only, which stops the children in order.
        children[name] = subprocess.Popen(
            [executable(command[0]), *command[1:]], cwd=REPO, env=env, start_new_session=True
        )
        log(f"started {name} (pid {children[name].pid})")

    failed = False
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                log(f"{name} exited with {child.returncode}; stopping the others")
                failed = True
                stopping = True
                break
        else:
            time.sleep(0.2)

    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    codes: dict[str, int] = {}
    for name, child in children.items():
        try:
            codes[name] = child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            codes[name] = child.wait()
        log(f"{name} stopped with {codes[name]}")
    return 1 if failed or any(codes.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
