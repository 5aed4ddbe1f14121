from django.urls import path

from giamsat.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.reorganizations, name="reorganizations"),
    path("<int:pk>/huy/", views.reorganization_revert_view, name="reorganization_revert"),
    path("ma-dinh-danh/", views.codes_upload, name="codes"),
]
