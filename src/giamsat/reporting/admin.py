from django.contrib import admin

from giamsat.reporting.models import Notification, Reminder, Report, ReportingPeriod, ReportingRule

admin.site.register(ReportingRule)
admin.site.register(ReportingPeriod)
admin.site.register(Report)
admin.site.register(Reminder)
admin.site.register(Notification)
