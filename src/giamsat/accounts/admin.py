from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from giamsat.accounts.access import can_use_admin_site
from giamsat.accounts.forms import AdminSignInForm, PasswordResetByAdminForm
from giamsat.accounts.models import ApiToken, TotpDevice, User
from giamsat.accounts.services import describe_tokens, sign_in_unlock


def _admin_only(request) -> bool:
    """Django admin is for system administrators only, whatever `is_staff` says."""
    return can_use_admin_site(request.user)


admin.site.has_permission = _admin_only
admin.site.login_form = AdminSignInForm  # says why a demo account is refused (accounts.signin)


@admin.register(User)
class GiamsatUserAdmin(UserAdmin):
    list_display = ("username", "get_full_name", "role", "organization", "is_active", "last_login")
    list_filter = ("role", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("giamsat", {"fields": ("role", "organization", "phone", "must_change_password")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "role", "organization", "email", "password1", "password2"),
            },
        ),
    )
    autocomplete_fields = ("organization",)
    readonly_fields = ("is_demo",)
    change_password_form = PasswordResetByAdminForm
    actions = ["unlock_sign_in"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.is_demo:  # say why it cannot sign in outside a demo (accounts.signin)
            fieldsets = (*fieldsets, ("Tài khoản mẫu", {"fields": ("is_demo",)}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # the password typed here is only a first, temporary one
        super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        revoked = getattr(form, "revoked_tokens", None)  # a password reset (PasswordResetByAdminForm)
        if revoked:
            messages.info(
                request, f"Đã thu hồi {len(revoked)} khóa API của {form.user.username}: {describe_tokens(revoked)}."
            )
        return super().construct_change_message(request, form, formsets, add)

    @admin.action(description="Mở khóa đăng nhập (sai mật khẩu, sai mã xác thực hai bước)")
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            lifted = sign_in_unlock(user=user)
            if lifted:
                messages.success(request, f"{user.username}: đã mở {', '.join(lifted)}.")
            else:
                messages.info(request, f"{user.username}: không bị khóa đăng nhập.")


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """Delete a user's device here when they lose their phone; they can set a new one up."""

    list_display = ("user", "confirmed", "created_at", "failed_attempts", "locked_until")
    fields = ("user", "confirmed", "created_at", "failed_attempts", "locked_until")
    readonly_fields = fields
    actions = ["unlock"]

    @admin.action(description="Mở khóa nhập mã (xóa số lần nhập sai)")
    def unlock(self, request, queryset):
        for device in queryset.select_related("user"):
            sign_in_unlock(user=device.user)
        messages.success(request, "Đã mở khóa nhập mã cho các tài khoản đã chọn.")

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("key_prefix", "user", "name", "read_only", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_prefix", "created_at", "last_used_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request):
        return False  # tokens are made by their owner (account page) or `giamsat token create`
