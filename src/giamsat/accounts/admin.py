from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from giamsat.accounts.models import ApiToken, Role, TotpDevice, User


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
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "first_name", "role", "organization",
                                                                "email", "password1", "password2")}),)
    autocomplete_fields = ("organization",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # the password typed here is only a first, temporary one
        super().save_model(request, obj, form, change)


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """Delete a user's device here when they lose their phone; they can set a new one up."""

    list_display = ("user", "confirmed", "created_at")
    fields = ("user", "confirmed", "created_at")
    readonly_fields = ("user", "confirmed", "created_at")

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("key_prefix", "user", "name", "read_only", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_prefix", "created_at", "last_used_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request):
        return False  # tokens are made by their owner (account page) or `giamsat token create`
