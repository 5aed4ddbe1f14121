from django.urls import path

from giamsat.search import views

app_name = "search"

urlpatterns = [
    path("", views.results, name="results"),
    path("cong-khai/", views.public, name="public"),
]
