"""Uploads are checked for size, extension and content before anything is kept; files we hand out are
served as attachments with their real type, never rendered in the page."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.security.world import MatrixWorld, build_matrix_world

GOOD_CSV = b"useful,takeaway\nyes,Listening first\n"


@pytest.fixture
def world(db: None) -> MatrixWorld:
    return build_matrix_world()


def kept_uploads() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "evaluation-imports"
    return list(folder.glob("*")) if folder.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("answers.html", b"<script>alert(1)</script>", "must be a CSV or an Excel file"),
        ("answers.exe", b"MZ\x90\x00binary", "must be a CSV or an Excel file"),
        ("answers.xlsx", b"useful,takeaway\nyes,no\n", "not a real Excel file"),
        ("answers.csv", b"\x00\x01\x02binary pretending to be text", "must be a CSV or an Excel file"),
        ("answers.csv", b"", "empty"),
        ("answers.csv", b"a," * (5 * 1024 * 1024 + 1), "smaller than 10MB"),
    ],
)
def test_bad_uploads_are_refused_with_a_field_error_and_not_kept(
    world: MatrixWorld, name: str, content: bytes, message: str
) -> None:
    client = Client()
    client.force_login(world.users["pm"])
    response = client.post(
        f"/manage/evaluations/{world.survey.pk}/import/", {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert kept_uploads() == []


def test_a_real_csv_is_kept_aside_under_a_name_we_choose(world: MatrixWorld) -> None:
    client = Client()
    client.force_login(world.users["pm"])
    response = client.post(
        f"/manage/evaluations/{world.survey.pk}/import/",
        {"file": SimpleUploadedFile("../../etc/answers.csv", GOOD_CSV, content_type="text/csv")},
    )
    assert response.status_code == 302
    kept = kept_uploads()
    assert len(kept) == 1
    assert (
        kept[0].name.startswith(f"{world.survey.pk}-") and kept[0].suffix == ".csv"
    )  # not the sender's name


def test_api_import_refuses_a_disguised_file(world: MatrixWorld) -> None:
    client = Client()
    client.force_login(world.users["pm"])
    response = client.post(
        f"/api/v1/surveys/{world.survey.pk}/import/",
        {
            "file": SimpleUploadedFile("answers.xlsx", b"<html>not a workbook</html>"),
            "mapping": '{"useful": "useful", "takeaway": "takeaway"}',
        },
    )
    assert response.status_code == 400
    assert "not a real Excel file" in str(response.json()["file"])


@pytest.mark.parametrize(
    ("role", "path", "content_type"),
    [
        ("participant", lambda w: f"/my-learning/bookings/{w.booking.pk}/certificate.pdf", "application/pdf"),
        (
            "participant",
            lambda w: f"/my-learning/bookings/{w.booking.pk}/sessions/{w.session.pk}/invitation.ics",
            "text/calendar",
        ),
        ("participant", lambda w: "/me/export/", "application/json"),
        ("pm", lambda w: f"/impact/offers/{w.offer.pk}/report.pdf", "application/pdf"),
        ("participant", lambda w: f"/api/v1/bookings/{w.booking.pk}/certificate/", "application/pdf"),
    ],
)
def test_files_are_served_as_attachments_with_their_type(
    world: MatrixWorld, role: str, path, content_type: str
) -> None:  # noqa: ANN001
    client = Client()
    client.force_login(world.users[role])
    response = client.get(path(world))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment"), response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
