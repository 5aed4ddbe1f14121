from django.contrib import admin

from giamsat.core.admin import ReadOnlyAdmin
from giamsat.notify.models import Delivery

admin.site.register(Delivery, ReadOnlyAdmin)
