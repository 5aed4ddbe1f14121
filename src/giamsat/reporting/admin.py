from django.contrib import admin

from giamsat.core.admin import ReadOnlyAdmin
from giamsat.reporting.models import Notification, Reminder, Report, ReportingPeriod, ReportingRule

admin.site.register(ReportingRule)
admin.site.register(ReportingPeriod)
admin.site.register(Report, ReadOnlyAdmin)
admin.site.register(Reminder, ReadOnlyAdmin)
admin.site.register(Notification, ReadOnlyAdmin)
