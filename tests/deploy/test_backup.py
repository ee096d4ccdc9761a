"""scripts/backup and scripts/restore: a backup restored into a fresh database prints the same report."""

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from tests.deploy.report_figures import report_numbers
from tests.deploy.support import fresh_database
from tests.evaluation.helpers import answer, attended_session, invite_all, open_survey
from tests.factories import programme_manager

REPO = Path(__file__).resolve().parents[2]


def _url(settings_dict: dict[str, Any]) -> str:
    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_the_same_report_and_files(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run with DATABASE_URL=postgres://... (CI's second pass)")
    session, _ = attended_session(5)
    manager = programme_manager(session.cohort.offer.academy)
    survey = open_survey(session, by=manager)
    for index, token in enumerate(invite_all(survey)):
        answer(token, apply_learning="strongly_agree" if index < 3 else "agree", testimony=f"Said {index}")
    stored = default_storage.save("evidence/certificate.txt", ContentFile(b"evidence kept with the backup"))
    offer_id, user_id = session.cohort.offer_id, manager.pk
    before = report_numbers(offer_id, user_id)
    assert (before[".responses"], before[".invited"]) == (5, 5)

    env = {
        **os.environ,
        "DATABASE_URL": _url(connection.settings_dict),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    backup = subprocess.run(
        ["scripts/backup", str(tmp_path / "backups")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert backup.returncode == 0, backup.stderr
    folder = backup.stdout.strip().splitlines()[-1]
    assert sorted(p.name for p in Path(folder).iterdir()) == ["SHA256SUMS", "database.dump", "media.tar.gz"]

    with fresh_database("prod_restore") as restored_url:
        restored_media = tmp_path / "restored-media"
        restore = subprocess.run(
            ["scripts/restore", folder],
            cwd=REPO,
            env={**env, "DATABASE_URL": restored_url, "MEDIA_ROOT": str(restored_media)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert restore.returncode == 0, restore.stderr
        printed = subprocess.run(
            [
                str(REPO / ".venv/bin/python"),
                "-c",
                f"from tests.deploy.report_figures import main; main({offer_id}, {user_id})",
            ],
            cwd=REPO,
            env={
                **env,
                "DATABASE_URL": restored_url,
                "DJANGO_SETTINGS_MODULE": "academy.config.settings.test",
                "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}",
                "LOG_LEVEL": "WARNING",
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert printed.returncode == 0, printed.stderr
        assert json.loads(printed.stdout.strip().splitlines()[-1]) == before
    assert (restored_media / stored).read_bytes() == b"evidence kept with the backup"


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path: Path) -> None:
    folder = tmp_path / "academy-damaged"
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"not what was backed up")
    (folder / "media.tar.gz").write_bytes(b"")
    (folder / "SHA256SUMS").write_text("0" * 64 + "  database.dump\n" + "0" * 64 + "  media.tar.gz\n")

    result = subprocess.run(
        ["scripts/restore", str(folder)],
        cwd=REPO,
        env={
            **os.environ,
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
            "MEDIA_ROOT": str(tmp_path / "m"),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr
    assert not (tmp_path / "m").exists()
