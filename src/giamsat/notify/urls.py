from django.urls import path

from giamsat.notify import views

app_name = "notify"

urlpatterns = [
    path("tai-khoan/kenh-thong-bao/", views.channels, name="channels"),
    path("nhat-ky-gui-thong-bao/", views.deliveries, name="deliveries"),
]
