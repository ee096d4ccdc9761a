from typing import Any

from django.contrib import admin
from django.http import HttpRequest

# --- systems OD programmes, measures and RACI (sysod): written by systems.services (access, version and
# the one-accountable rule checked, audited); here they can be read, not changed.
from .models import Measure, Programme, RaciMatrix


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Programme)
class ProgrammeAdmin(_ReadOnly):
    list_display = ["title", "ics", "status", "started_on"]
    list_filter = ["status", "ics"]
    search_fields = ["title"]


@admin.register(Measure)
class MeasureAdmin(_ReadOnly):
    list_display = ["title", "ics", "programme", "baseline_on"]
    list_filter = ["ics"]


@admin.register(RaciMatrix)
class RaciMatrixAdmin(_ReadOnly):
    list_display = ["title", "ics", "programme"]
    list_filter = ["ics"]
