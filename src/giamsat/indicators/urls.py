"""Pages of indicators, mounted at /chi-tieu/ (see config/urls.py)."""

from django.urls import path

from giamsat.indicators import pages, views

app_name = "indicators"

urlpatterns = [
    path("", pages.indicator_list_view, name="list"),
    path("moi/", views.indicator_create_view, name="create"),
    path("<int:pk>/", pages.indicator_detail, name="detail"),
    path("<int:pk>/sua/", views.indicator_edit_view, name="edit"),
    path("<int:pk>/so-lieu/", views.value_add, name="value_add"),
    path("<int:pk>/giai-trinh/", views.explanation_request_view, name="explanation_request"),
    path("so-lieu/<int:pk>/duyet/", views.value_review, name="value_review"),
    path("so-lieu/cho-duyet/", views.review_queue_view, name="review_queue"),
    path("so-lieu/nhap-xlsx/", views.values_upload, name="values_upload"),
    path("so-lieu/mau-xlsx/", views.values_template, name="values_template"),
    path("giai-trinh/<int:pk>/tra-loi/", views.explanation_answer_view, name="explanation_answer"),
    path("xuat-xlsx/", views.export_xlsx, name="export_xlsx"),
    path("nhap-xlsx/", views.import_xlsx, name="import_xlsx"),
]
