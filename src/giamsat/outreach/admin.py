from django.contrib import admin

from giamsat.outreach.models import OutreachActivity, OutreachChannel


@admin.register(OutreachChannel)
class OutreachChannelAdmin(admin.ModelAdmin):
    """The configurable list of channels: the office (through an administrator) adds, renames, retires."""

    list_display = ("name", "code", "position", "is_active")
    list_editable = ("position", "is_active")


admin.site.register(OutreachActivity)
