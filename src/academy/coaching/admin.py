"""Admin for the hub. Places, statuses and publication are kept by coaching.services, so these pages
show them read-only; session notes have no admin page at all: they are the pair's alone, and the
hub's administrators see that sessions happened, never what was said."""

from django.contrib import admin

from .models import (
    CoachingProgramme,
    CoachingSession,
    EligibilityRule,
    FeedbackRound,
    HubSettings,
    MatchingRun,
    PractitionerProfile,
    ProgrammeParticipant,
    Relationship,
    Request,
    TeamJourney,
    TeamJourneyMember,
)


@admin.register(HubSettings)
class HubSettingsAdmin(admin.ModelAdmin):
    list_display = ["academy", *HubSettings.WEIGHT_FIELDS]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin):
    list_display = ["academy", "kind", "description"]
    list_filter = ["kind", "academy"]


@admin.register(PractitionerProfile)
class PractitionerProfileAdmin(admin.ModelAdmin):
    list_display = ["person", "academy", "kind", "capacity", "active_count", "published"]
    list_filter = ["kind", "published", "academy"]
    search_fields = ["person__family_name", "person__email"]
    raw_id_fields = ["person"]
    readonly_fields = ["active_count", "accreditation_verified_at", "accreditation_verified_by"]
    exclude = ["lived_experience"]  # held like equality data: not on the admin's pages


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "academy", "kind", "status", "created_at"]
    list_filter = ["kind", "status", "academy"]
    raw_id_fields = ["person"]
    readonly_fields = ["status", "matched_at"]


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = ["id", "academy", "kind", "status", "created_at", "published_at"]
    list_filter = ["status", "kind", "academy"]
    readonly_fields = ["status", "weights", "figures", "progress", "error", "published_at", "published_by"]


class SessionInline(admin.TabularInline):
    model = CoachingSession
    extra = 0
    fields = ["number", "held_on", "minutes"]
    readonly_fields = ["number", "held_on", "minutes"]
    can_delete = False


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "practitioner", "requester", "status", "introduced_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["request", "practitioner", "requester"]
    readonly_fields = [
        "status",
        "introduced_at",
        "responded_at",
        "contracted_at",
        "closed_at",
        "close_reason",
    ]
    inlines = [SessionInline]


class ProgrammeParticipantInline(admin.TabularInline):
    model = ProgrammeParticipant
    raw_id_fields = ["person"]
    extra = 0


@admin.register(CoachingProgramme)
class CoachingProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "academy", "provider", "starts_on", "ends_on", "sessions_each"]
    list_filter = ["academy"]
    inlines = [ProgrammeParticipantInline]


class TeamJourneyMemberInline(admin.TabularInline):
    model = TeamJourneyMember
    raw_id_fields = ["person"]
    extra = 0


@admin.register(TeamJourney)
class TeamJourneyAdmin(admin.ModelAdmin):
    list_display = ["team_name", "academy", "engagement_on", "sessions_on", "ended_on", "planned_months"]
    list_filter = ["academy"]
    raw_id_fields = ["team_leader"]
    inlines = [TeamJourneyMemberInline]


@admin.register(FeedbackRound)
class FeedbackRoundAdmin(admin.ModelAdmin):
    """The quarterly feedback rounds; their surveys and (anonymous) answers are evaluation's."""

    list_display = ["academy", "kind", "starts_on", "ends_on"]
    list_filter = ["kind", "academy"]
    readonly_fields = ["academy", "kind", "starts_on", "ends_on"]
