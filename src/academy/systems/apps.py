from django.apps import AppConfig


class SystemsConfig(AppConfig):
    name = "academy.systems"
    label = "systems"
    verbose_name = "ICS plans and systems OD"

    def ready(self) -> None:
        # plans and charters
        from academy.people.registry import register

        from .personal_data import PERSONAL_DATA

        register(PERSONAL_DATA)
