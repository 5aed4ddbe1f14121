from django.urls import path

from giamsat.metrics import views

app_name = "metrics"

urlpatterns = [
    path("chat-luong-du-lieu/", views.quality, name="data_quality"),
    path("chat-luong-du-lieu/xuat.xlsx", views.quality_xlsx, name="data_quality_xlsx"),
]
