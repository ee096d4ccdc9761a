from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AdjustmentRequest, Attendance, Booking, Cohort, Offer, Session


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0
    fields = ["name", "capacity", "starts_on", "ends_on", "confirmed_count", "waitlist_count"]
    readonly_fields = ["confirmed_count", "waitlist_count"]


# An offer stays with the academy it was made in, a cohort with its offer, a booking with its cohort and
# person: who has booked with each academy (AcademyParticipant) and the places counted on each cohort are
# kept by offers.services, which these pages would otherwise bypass. Bookings are made and cancelled
# there too (pages and API), not here.


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "academy", "kind", "status"]
    list_filter = ["kind", "status", "academy"]
    search_fields = ["title"]
    inlines = [CohortInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["academy"] if obj is not None else []


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "offer", "starts_on", "capacity", "confirmed_count", "waitlist_count"]
    list_select_related = ["offer"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["confirmed_count", "waitlist_count", *(["offer"] if obj is not None else [])]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "starts_at"]
    list_select_related = ["cohort"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["id", "cohort", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["sponsor"]
    readonly_fields = ["cohort", "person", "status", "waitlisted_at", "completed_at", "certificate_number"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(AdjustmentRequest)
admin.site.register(Attendance)
