from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the shared API router."""
