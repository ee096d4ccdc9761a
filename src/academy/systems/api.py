"""The systems app's API: each part registers its own viewsets."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    from . import api_programmes

    api_programmes.register(router)
