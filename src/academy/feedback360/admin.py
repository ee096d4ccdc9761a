from django.contrib import admin

from .models import Settings, Statement

# A 360 belongs to its participant: assessments, invitations and ratings are not in the admin. The
# academy's statements and its minimum number of raters are.


@admin.register(Settings)
class SettingsAdmin(admin.ModelAdmin):
    list_display = ["academy", "min_raters"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["text", "dimension", "academy", "active"]
    list_filter = ["academy", "dimension", "active"]
    search_fields = ["text"]
