from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "academy.credentials"
    label = "credentials"
    verbose_name = "Verifiable certificates"

    def ready(self) -> None:
        from academy.people.registry import register

        from .personal_data import PERSONAL_DATA

        register(PERSONAL_DATA)
