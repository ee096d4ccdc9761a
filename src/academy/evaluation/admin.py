"""Administrators' view of evaluation data. Responses are read-only here; anonymous ones show no person."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Goal, Instrument, Question, Response, Survey, ThemeSet


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "code", "text", "type", "choices", "required", "consent_to_quote"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.is_editable  # a published version never changes

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.is_editable

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.is_editable


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "status", "academy"]
    list_filter = ["status"]
    readonly_fields = ["published_at", "status", "version", "key"]
    inlines = [QuestionInline]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "offer", "anonymous", "opens_at", "closes_at"]
    list_select_related = ["offer"]
    raw_id_fields = ["offer", "cohort", "session", "instrument"]
    search_fields = ["title"]
    readonly_fields = ["invitations_sent_at", "anonymity_locked_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """Anonymity is fixed once anyone is invited or anything answered (services.survey_anonymity_change;
        the database refuses to make a locked anonymous survey named)."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and (
            obj.anonymity_locked_at is not None or obj.invitations.exists() or obj.responses.exists()
        ):
            fields.append("anonymous")
        return fields


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["id", "survey", "is_anonymous", "source"]
    list_select_related = ["survey"]
    fields = ["survey", "is_anonymous", "source"]
    readonly_fields = ["survey", "is_anonymous", "source"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["theme", "rating_before", "rating_after", "cohort"]
    raw_id_fields = ["person", "cohort", "survey"]


@admin.register(ThemeSet)
class ThemeSetAdmin(admin.ModelAdmin):
    list_display = ["title", "offer", "status", "method"]
    raw_id_fields = ["offer", "survey", "created_by"]
