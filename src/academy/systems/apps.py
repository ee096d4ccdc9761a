from django.apps import AppConfig


class SystemsConfig(AppConfig):
    name = "academy.systems"
    label = "systems"
    verbose_name = "ICS plans and systems OD"

    def ready(self) -> None:
        from academy.evaluation.reports import suite_pages_register
        from academy.people.registry import register

        from .personal_data import PERSONAL_DATA
        from .personal_data_programmes import PERSONAL_DATA as PROGRAMMES_PERSONAL_DATA
        from .reports_programmes import suite_pages as programme_suite_pages
        from .retention_programmes import register as register_programme_retention

        # Plans and charters
        register(PERSONAL_DATA)
        # Systems OD programmes, measures and RACI
        register(PROGRAMMES_PERSONAL_DATA)
        suite_pages_register(programme_suite_pages)
        register_programme_retention()
