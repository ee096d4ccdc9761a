"""The OpenAPI schema is generated without a warning: two serializers or enums of one name would give a
client the wrong shape for one of them, so a new app's name clash fails here rather than in a client."""

from django.core.management import call_command


def test_the_schema_generates_and_validates_without_a_warning(tmp_path) -> None:
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/validation/" in target.read_text() and "/api/v1/feedback360/" in target.read_text()
