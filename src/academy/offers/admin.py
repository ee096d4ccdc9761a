from django.contrib import admin

from .models import AdjustmentRequest, Attendance, Booking, Cohort, DeliveryPartner, Offer, Session


@admin.register(DeliveryPartner)
class DeliveryPartnerAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0
    fields = ["name", "capacity", "starts_on", "ends_on", "confirmed_count", "waitlist_count"]
    readonly_fields = ["confirmed_count", "waitlist_count"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "academy", "kind", "status"]
    list_filter = ["kind", "status", "academy"]
    search_fields = ["title"]
    inlines = [CohortInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "offer", "starts_on", "capacity", "confirmed_count", "waitlist_count"]
    readonly_fields = ["confirmed_count", "waitlist_count"]
    list_select_related = ["offer"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "starts_at"]
    list_select_related = ["cohort"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["id", "cohort", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["cohort", "person", "sponsor"]
    readonly_fields = ["status", "waitlisted_at", "completed_at", "certificate_number"]


admin.site.register(AdjustmentRequest)
admin.site.register(Attendance)
