"""Django admin for administrators (is_staff users). Equality records are deliberately not here:
they are read only through the audited service, never browsed."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.http import HttpRequest

from academy.core.audit import audit_record

from .models import ICS, Academy, DeliveryPartner, Organisation, Person, Place, Region, RoleAssignment, User
from .selectors import would_create_cycle


@admin.register(DeliveryPartner)
class DeliveryPartnerAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class UserAddForm(AdminUserCreationForm):
    """Adding a login asks for its e-mail address too: addresses are unique, so a login saved without
    one would clash with any other that has none (a database error, not a message)."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["username", "email", "first_name", "last_name"]
    add_form = UserAddForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(ICS)
class ICSAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "short_name", "code"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "ics"]
    list_filter = ["ics"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "org_type", "sector", "ics"]
    list_filter = ["org_type", "sector", "ics"]
    search_fields = ["name", "ods_code"]
    list_select_related = ["ics"]
    raw_id_fields = ["place"]


@admin.register(Academy)
class AcademyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    prepopulated_fields = {"slug": ["name"]}


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "user",
            "given_name",
            "family_name",
            "email",
            "job_title",
            "role_level",
            "staff_group",
            "profession",
            "organisation",
            "line_manager",
        ]

    def clean_line_manager(self) -> Person | None:
        manager = self.cleaned_data.get("line_manager")
        if (
            manager is not None
            and self.instance.pk
            and would_create_cycle(person=self.instance, manager=manager)
        ):
            raise forms.ValidationError("This would put the person in their own line-management chain.")
        return manager


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["family_name", "given_name", "email", "job_title", "organisation", "anonymised_at"]
    list_filter = ["role_level", "staff_group"]
    search_fields = ["family_name", "given_name", "email", "organisation__ods_code"]
    list_select_related = ["organisation"]
    raw_id_fields = ["user", "organisation", "line_manager"]
    readonly_fields = ["anonymised_at", "calendar_token", "created_at", "updated_at"]
    show_full_result_count = False  # a count of 1.5 million rows on every page is slow


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "academy", "ics", "delivery_partner"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__username"]
    list_select_related = ["user", "academy", "ics", "delivery_partner"]
    raw_id_fields = ["user"]

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user, action="people.role.grant", obj=obj, user_id=obj.user_id, role=obj.role
        )

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        audit_record(
            actor=request.user, action="people.role.revoke", obj=obj, user_id=obj.user_id, role=obj.role
        )
        super().delete_model(request, obj)
