import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse


class SessionIdleTimeoutMiddleware:
    """Log a person out after SESSION_IDLE_TIMEOUT seconds without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            else:
                request.session["last_seen"] = now
        return self.get_response(request)


class MalformedSessionCookieMiddleware:
    """Drop a session cookie that cannot be a session key before anything looks it up.

    Session keys are 32 lower-case letters and digits. Anything else (a fuzzer's NUL byte, say) would
    otherwise reach the database, and PostgreSQL refuses NUL in text with an error, not a miss.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = settings.SESSION_COOKIE_NAME
        value = request.COOKIES.get(name)
        if value is not None and not (value.isascii() and value.isalnum() and len(value) <= 64):
            del request.COOKIES[name]
        return self.get_response(request)
