from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "academy.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from .lookups import register

        register()
