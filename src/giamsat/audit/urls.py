from django.urls import path

from giamsat.audit import views

app_name = "audit"

urlpatterns = [path("", views.history, name="history")]
