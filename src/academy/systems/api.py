"""The systems app's API: each part registers its own viewsets."""

from rest_framework.routers import BaseRouter

from . import api_plans, api_programmes


def register(router: BaseRouter) -> None:
    api_plans.register(router)
    api_programmes.register(router)
