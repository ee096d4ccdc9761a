import json
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from .parsing import LONE_SURROGATE_MESSAGE, MAX_ID, MIN_INT, has_lone_surrogate


class SessionIdleTimeoutMiddleware:
    """Log a person out after SESSION_IDLE_TIMEOUT seconds without a request.

    The time of the last request is written at most once a minute (SESSION_SEEN_EVERY): writing it on
    every request made every page a database write (issue 17). A person is logged out between
    SESSION_IDLE_TIMEOUT - SESSION_SEEN_EVERY and SESSION_IDLE_TIMEOUT seconds after their last request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif (
                now - last >= getattr(settings, "SESSION_SEEN_EVERY", 60)
                or "last_seen" not in request.session
            ):
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


class BadInputMiddleware:
    """Stop two kinds of input that no view can use before they reach one.

    - JSON whose text holds a lone UTF-16 surrogate ("\\ud800"): refused with a 400 and a plain
      message. JSON may spell one as an escape; Python then holds text that no database or encoder
      accepts, so it would fail deep inside a save as a 500. Form posts and query strings cannot carry
      one (Django decodes them with replacement characters), so only JSON bodies are read.
    - A whole number in the URL (`<int:pk>`) too large to be an id (core.parsing.MAX_ID): not found,
      as any other id that does not exist, instead of a database error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if content_type == "application/json" or content_type.endswith("+json"):
            try:
                data = json.loads(request.body or b"null")
            except (ValueError, RequestDataTooBig):
                data = None  # the view's own parser answers malformed or oversized input
            if has_lone_surrogate(data):
                return JsonResponse({"non_field_errors": [LONE_SURROGATE_MESSAGE]}, status=400)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: dict[str, Any]
    ) -> None:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and not MIN_INT <= value <= MAX_ID:
                raise Http404("No such record.")
