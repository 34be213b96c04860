from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Membership, Organization, User


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "user_count", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_users=Count("users"))

    list_filter = ["kind"]
    search_fields = ["name"]

    @admin.display(description=pgettext_lazy("count", "users"), ordering="n_users")
    def user_count(self, obj):
        return obj.n_users


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "display_name",
        "email",
        "organization",
        "is_vendor_admin",
        "is_active",
        "last_login",
    ]
    list_filter = ["organization__kind", "organization", "is_vendor_admin", "is_active", "is_staff"]
    list_select_related = ["organization"]
    search_fields = ["username", "display_name", "email", "first_name", "last_name"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (
            _("Portal"),
            {
                "fields": [
                    "organization",
                    "display_name",
                    "language",
                    "time_zone",
                    "is_vendor_admin",
                ]
            },
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "email", "organization", "password1", "password2"],
            },
        )
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["project", "user", "role", "created_at"]
    list_filter = ["role", "project__status", "project"]
    list_select_related = ["project", "user"]
    search_fields = ["project__code", "project__name", "user__username", "user__display_name"]
    autocomplete_fields = ["user"]
