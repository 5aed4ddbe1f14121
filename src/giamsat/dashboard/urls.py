"""Dashboard pages, mounted at the site root (see config/urls.py)."""

from django.urls import path

from giamsat.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("bang-dieu-khien/", views.leaders, name="leaders"),
    # The parts a first view loads after the page when they are not kept (ADR 0059).
    path("bang-dieu-khien/phan/bao-cao/", views.part_reports, name="part_reports"),
    path("bang-dieu-khien/phan/chi-tieu/", views.part_indicators, name="part_indicators"),
    path("bang-dieu-khien/xuat/<slug:name>.<str:fmt>", views.export, name="export"),
    path("canh-bao/", views.warnings, name="warnings"),
    path("canh-bao/phan/", views.warnings_parts, name="warnings_parts"),  # loaded after the page (ADR 0059)
    path("cong-khai/", views.public, name="public"),
    path("cong-khai/quan-ly/", views.publication, name="publication"),
]
