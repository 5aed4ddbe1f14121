from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from giamsat.accounts.models import ApiToken, Role, User


def _admin_only(request) -> bool:
    """Django admin is for system administrators only, whatever `is_staff` says."""
    user = request.user
    return bool(user.is_active and user.is_staff and user.role == Role.ADMIN)


admin.site.has_permission = _admin_only


@admin.register(User)
class GiamsatUserAdmin(UserAdmin):
    list_display = ("username", "get_full_name", "role", "organization", "is_active", "last_login")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("giamsat", {"fields": ("role", "organization", "phone", "must_change_password")}))
    autocomplete_fields = ("organization",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # the password typed here is only a first, temporary one
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("key_prefix", "user", "name", "read_only", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_prefix", "created_at", "last_used_at")
    exclude = ("key_hash",)
