from typing import Any

from django.http import HttpRequest

from academy.people.permissions import roles_of

from .selectors import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The person's roles, and the header menu with only the pages they can use."""
    user = request.user
    items = menu_for(user=user)
    # One item is current: the one whose address is the longest start of this page's ("/coaching/hub/"
    # rather than "/coaching/" on the hub's pages).
    matches = [item.href for item in items if _is_current(request.path, item.href)]
    current = max(matches, key=len, default=None)
    menu = [{"href": item.href, "label": item.label, "current": item.href == current} for item in items]
    return {"user_roles": roles_of(user) if user.is_authenticated else frozenset(), "menu": menu}


def _is_current(path: str, href: str) -> bool:
    return path == href or (href != "/" and path.startswith(href))
