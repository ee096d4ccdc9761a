from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "academy.interchange"
    label = "interchange"
    verbose_name = "Interchange: stepping into my shoes"

    def ready(self) -> None:
        from academy.people.registry import register

        from .personal_data import PERSONAL_DATA

        register(PERSONAL_DATA)

        from .retention import register as retention_register

        retention_register()

        from academy.evaluation.reports import suite_pages_register

        from .reports import suite_pages

        suite_pages_register(suite_pages)
