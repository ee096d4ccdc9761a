from django.contrib import admin

from .models import Arrangement, LearningRequest, MatchingRun, Opportunity, Reflection, Scheme


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("academy", "needs_manager_agreement")


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "organisation", "capacity", "taken_count", "status")
    list_filter = ("kind", "status", "academy")
    raw_id_fields = ("host", "organisation")
    readonly_fields = ("taken_count",)


@admin.register(LearningRequest)
class LearningRequestAdmin(admin.ModelAdmin):
    list_display = ("what", "person", "academy", "status")
    list_filter = ("status", "academy")
    raw_id_fields = ("person",)


@admin.register(Arrangement)
class ArrangementAdmin(admin.ModelAdmin):
    list_display = ("opportunity", "learner", "status", "starts_on")
    list_filter = ("status", "source")
    raw_id_fields = ("opportunity", "learner", "manager", "request", "run")


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = ("academy", "status", "created_at")
    readonly_fields = ("figures",)


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ("arrangement", "side", "usefulness")
    raw_id_fields = ("arrangement", "author")
