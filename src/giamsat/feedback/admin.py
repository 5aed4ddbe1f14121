from django.contrib import admin

from giamsat.feedback.models import Feedback, FeedbackFile

admin.site.register(Feedback)
admin.site.register(FeedbackFile)
