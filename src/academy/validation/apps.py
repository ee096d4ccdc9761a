from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "academy.validation"
    label = "validation"
    verbose_name = "System OD practitioner validation"

    def ready(self) -> None:
        from academy.people.registry import register

        from . import permissions  # noqa: F401 - registers the panel member's scope
        from .personal_data import PERSONAL_DATA

        register(PERSONAL_DATA)

        from .credentials import register as register_credential_subject

        register_credential_subject()

        from .retention import register as retention_register

        retention_register()
