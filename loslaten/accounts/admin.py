from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from loslaten.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "is_staff", "date_joined")
    search_fields = ("email", "first_name")
    fieldsets = (
        (None, {"fields": ("email", "password", "first_name")}),
        ("Rechten", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Data", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
