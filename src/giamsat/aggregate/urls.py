"""The aggregated report's page, /bao-cao/tong-hop/. It keeps its name in the reporting namespace
(reporting:aggregate): config/urls.py includes these patterns with reporting's."""

from django.urls import path

from giamsat.aggregate import views

urlpatterns = [
    path("tong-hop/", views.aggregate, name="aggregate"),
    path("<int:pk>/docx/", views.report_docx_view, name="report_docx"),
    path("don-doc/cong-van.docx", views.urging_letter, name="urging_letter"),
]
