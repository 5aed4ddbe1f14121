from django.contrib import admin

from giamsat.feedback.models import Feedback

admin.site.register(Feedback)
