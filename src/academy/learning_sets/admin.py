from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Community, FormationRun, LearningSet, Meeting, Membership, Pool, Resource

# Formation runs and sets are written by learning_sets.services (every rule checked, members e-mailed,
# versions kept); here they can be read, not changed.


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "academy"]
    list_filter = ["academy"]
    search_fields = ["name"]
    filter_horizontal = ["events"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "community", "in_directory"]
    list_filter = ["community", "in_directory"]
    raw_id_fields = ["person"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "created_at"]
    raw_id_fields = ["added_by"]


@admin.register(Pool)
class PoolAdmin(admin.ModelAdmin):
    list_display = ["name", "academy", "is_open", "min_size", "max_size", "max_per_organisation"]
    list_filter = ["academy", "is_open"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FormationRun)
class FormationRunAdmin(ReadOnly):
    list_display = ["pk", "pool", "status", "version", "mix_score", "mix_bound", "optimal"]
    list_filter = ["status"]


@admin.register(LearningSet)
class LearningSetAdmin(ReadOnly):
    list_display = ["pk", "run", "number", "slot", "facilitator"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["learning_set", "held_on", "logged"]
