from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records whose changes go through their own workflow (append-only history, sent reports, verified
    values) are viewed, never changed or deleted, in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
