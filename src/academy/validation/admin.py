from django.contrib import admin

from .models import Domain, Element, Framework, PanelMember, Route, ValidationCohort


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "slug"]
    inlines = [DomainInline]


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "domain"]
    list_filter = ["domain__framework"]


@admin.register(ValidationCohort)
class ValidationCohortAdmin(admin.ModelAdmin):
    list_display = ["name", "academy", "opens_on"]
    list_filter = ["academy"]


class PanelInline(admin.TabularInline):
    model = PanelMember
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    """Read-mostly: the route moves through its services, not here."""

    list_display = ["person", "cohort", "readiness", "outcome"]
    list_filter = ["cohort", "readiness", "outcome"]
    raw_id_fields = ["person", "supporter"]
    readonly_fields = ["moderation_version", "agreement_percent", "agreement_kappa", "agreement_base"]
    inlines = [PanelInline]
