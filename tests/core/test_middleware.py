import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cookie", ["abcdefgh\x00ijklmnop", "abcdefgh/../ijklmnop", "x" * 200])
def test_a_malformed_session_cookie_is_treated_as_no_session(client, cookie):
    # A raw header, as a client or fuzzer sends it (PostgreSQL refuses a NUL byte with an error).
    header = f"sessionid={cookie}"

    assert client.get("/api/v1/offers/", HTTP_COOKIE=header).status_code == 401
    assert client.get("/my-learning/", HTTP_COOKIE=header).status_code == 302  # to log in, not an error
