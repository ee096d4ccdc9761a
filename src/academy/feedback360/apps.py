from django.apps import AppConfig


class Feedback360Config(AppConfig):
    name = "academy.feedback360"
    label = "feedback360"
    verbose_name = "360 feedback"

    def ready(self) -> None:
        from academy.people.registry import register

        from .personal_data import PERSONAL_DATA

        register(PERSONAL_DATA)

        from .retention import register as retention_register

        retention_register()
