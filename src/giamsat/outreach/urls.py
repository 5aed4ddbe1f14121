"""Outreach pages, under /tuyen-truyen/."""

from django.urls import path

from giamsat.outreach import views

app_name = "outreach"

urlpatterns = [
    path("tuyen-truyen/", views.activities, name="list"),
    path("tuyen-truyen/them/", views.activity_new, name="new"),
    path("tuyen-truyen/nhap-excel/", views.activity_import, name="import"),
    path("tuyen-truyen/mau-nhap.xlsx", views.activity_template, name="template"),
    path("tuyen-truyen/xuat.xlsx", views.activity_export, name="export"),
    path("tuyen-truyen/tong-hop/", views.summary, name="summary"),
    path("tuyen-truyen/<int:pk>/xoa/", views.activity_delete, name="delete"),
    path("tuyen-truyen/<int:pk>/minh-chung/", views.evidence, name="evidence"),
]
