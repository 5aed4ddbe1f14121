from django.contrib import admin

from giamsat.outreach.models import OutreachActivity

admin.site.register(OutreachActivity)
