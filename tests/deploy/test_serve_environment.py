"""What `make serve` gives the processes on one machine when the environment leaves things out."""

import importlib.util
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization

REPO = Path(__file__).resolve().parents[2]


def serve_module():
    spec = importlib.util.spec_from_file_location("serve", REPO / "scripts" / "serve.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_serve_keeps_a_secret_and_a_certificate_signing_key_in_var_and_reuses_them(monkeypatch, tmp_path):
    monkeypatch.setenv("ACADEMY_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("CREDENTIALS_SIGNING_KEYS", raising=False)
    serve = serve_module()

    first = serve.environment()
    again = serve.environment()

    key_file = tmp_path / "credentials-signing-key.pem"
    assert first["CREDENTIALS_SIGNING_KEYS"] == str(key_file) == again["CREDENTIALS_SIGNING_KEYS"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    assert key.key_size >= 2048  # what the credentials app requires
    assert first["SECRET_KEY"] == again["SECRET_KEY"] != ""


def test_serve_leaves_a_signing_key_given_in_the_environment_alone(monkeypatch, tmp_path):
    monkeypatch.setenv("ACADEMY_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("CREDENTIALS_SIGNING_KEYS", "/etc/academy/credentials.pem")

    assert serve_module().environment()["CREDENTIALS_SIGNING_KEYS"] == "/etc/academy/credentials.pem"
    assert not (tmp_path / "credentials-signing-key.pem").exists()
