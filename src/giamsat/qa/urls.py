"""Mounted at the site root (config/urls.py): the signed-in pages under /hoi-dap/, the public ones under the
public site's /cong-khai/."""

from django.urls import path

from giamsat.qa import views

app_name = "qa"

urlpatterns = [
    path("hoi-dap/", views.ask_page, name="ask"),
    path("hoi-dap/<int:pk>/danh-gia/", views.rate, name="rate"),
    path("hoi-dap/van-ban/<int:pk>/", views.text, name="text"),
    path("hoi-dap/thong-ke/", views.office, name="office"),
    path("cong-khai/hoi-dap/", views.public_ask_page, name="public_ask"),
    path("cong-khai/hoi-dap/<int:pk>/danh-gia/", views.public_rate, name="public_rate"),
    path("cong-khai/van-ban/<int:pk>/", views.public_text, name="public_text"),
]
