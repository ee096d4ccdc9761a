from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "academy.coaching"
    label = "coaching"
    verbose_name = "Coaching and mentoring hub"

    def ready(self) -> None:
        from academy.people.registry import register

        from . import permissions  # noqa: F401  (registers the hub administrator's and coach's scopes)
        from .personal_data import PERSONAL_DATA

        register(PERSONAL_DATA)
