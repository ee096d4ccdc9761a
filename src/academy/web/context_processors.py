from typing import Any

from django.http import HttpRequest

from academy.people.permissions import roles_of

from .selectors import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The person's roles, and the header menu with only the pages they can use."""
    user = request.user
    menu = [
        {"href": item.href, "label": item.label, "current": _is_current(request.path, item.href)}
        for item in menu_for(user=user)
    ]
    return {"user_roles": roles_of(user) if user.is_authenticated else frozenset(), "menu": menu}


def _is_current(path: str, href: str) -> bool:
    return path == href or (href != "/" and path.startswith(href))
