from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Charter, Measure, Plan, PlanVersion, Programme, RaciMatrix, Signature

# --- Plans and charters ---------------------------------------------------------------------------
# Versions are written by systems.services (the version check, the freeze on publishing, the audit
# entries); here plans, versions, charters and signatures can be read, not changed.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "ics", "created_at"]
    list_filter = ["ics"]
    search_fields = ["title"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "status", "published_at"]
    list_filter = ["status", "plan__ics"]


@admin.register(Charter)
class CharterAdmin(ReadOnlyAdmin):
    list_display = ["title", "ics", "status", "review_on"]
    list_filter = ["status", "ics"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["person", "charter", "organisation", "created_at"]
    list_filter = ["charter"]
    raw_id_fields = ["person", "organisation"]


# --- systems OD programmes, measures and RACI (sysod): written by systems.services (access, version and
# the one-accountable rule checked, audited); here they can be read, not changed.


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["title", "ics", "status", "started_on"]
    list_filter = ["status", "ics"]
    search_fields = ["title"]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["title", "ics", "programme", "baseline_on"]
    list_filter = ["ics"]


@admin.register(RaciMatrix)
class RaciMatrixAdmin(ReadOnlyAdmin):
    list_display = ["title", "ics", "programme"]
    list_filter = ["ics"]
