from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .models import AuditEntry, OutboxMessage, RetentionPeriod, RetentionRun
from .parsing import parse_int
from .retention import retention_due, retention_kinds, retention_period_set, retention_periods


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "object_type", "object_id", "actor"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "sent_at", "attempts"]
    readonly_fields = ["key", "to", "subject", "body", "created_at", "claimed_at", "sent_at", "attempts"]


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(admin.ModelAdmin):
    """One page for retention: each kind's period (editable) and, as a dry run, what would go today."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_change_permission(request):
            raise PermissionDenied
        errors: dict[str, str] = {}
        periods = retention_periods()
        if request.method == "POST":
            changes: dict[str, int | None] = {}
            for kind in retention_kinds():
                name = f"days-{kind.kind}"
                if name not in request.POST:
                    continue
                raw = request.POST[name].strip()
                days = None if raw == "" else parse_int(raw, minimum=1)
                if raw and days is None:
                    errors[kind.kind] = "Enter a whole number of days, or leave it empty to keep for good."
                elif days != periods[kind.kind]:
                    changes[kind.kind] = days
            if not errors:
                try:
                    with transaction.atomic():
                        for kind_name, days in changes.items():
                            retention_period_set(kind=kind_name, days=days, by=request.user)
                except ValidationError as error:
                    errors.update({kind_name: " ".join(error.messages)})
            if not errors:
                self.message_user(request, "Retention periods saved.", messages.SUCCESS)
                return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": "Retention periods",
            "opts": self.model._meta,
            "due": retention_due(),
            "errors": errors,
            "submitted": request.POST if request.method == "POST" else {},
            "runs": RetentionRun.objects.all()[:10],
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/core/retention.html", context, status=400 if errors else 200)


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    list_display = ["at", "today", "removed", "by"]
    readonly_fields = ["at", "today", "removed", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
