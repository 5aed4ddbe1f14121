from django.urls import path

from giamsat.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.exports_page, name="page"),
    path("he-thong-57.json", views.system57_json, name="system57_json"),
    path("he-thong-57/gui/", views.system57_send, name="system57_push"),
    path("du-lieu-mo/", views.open_data_file, name="open_data"),
]
