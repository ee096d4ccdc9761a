from typing import Any

from django.http import HttpRequest

from academy.people.permissions import roles_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {"user_roles": roles_of(user) if user.is_authenticated else frozenset()}
