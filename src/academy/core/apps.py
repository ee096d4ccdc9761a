from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "academy.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import pagecache
        from .lookups import register
        from .models import AuditEntry
        from .retention import DELETE, retention_register

        register()
        pagecache.connect()
        retention_register(
            kind="core.audit",
            label="Audit entries",
            queryset=lambda: AuditEntry.objects.all(),
            date_field="at",
            action=DELETE,
            default_days=6 * 366,
        )
