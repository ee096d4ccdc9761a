from django.apps import AppConfig


class LearningSetsConfig(AppConfig):
    name = "academy.learning_sets"
    label = "learning_sets"
    verbose_name = "Communities of practice and action learning sets"

    def ready(self) -> None:
        from academy.people.registry import register

        from .personal_data import PERSONAL_DATA

        register(PERSONAL_DATA)
