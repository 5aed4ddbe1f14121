from django.urls import path

from giamsat.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("doi-mat-khau/", views.password_change_view, name="password_change"),
    path("xac-thuc-hai-buoc/", views.totp_setup, name="totp"),
    path("khoa-api/", views.token_new, name="token_new"),
    path("khoa-api/<int:pk>/thu-hoi/", views.token_revoke_view, name="token_revoke"),
]
