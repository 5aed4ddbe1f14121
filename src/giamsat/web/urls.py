from django.contrib.auth import views as auth_views
from django.urls import path

from giamsat.tasks import urls as task_urls
from giamsat.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-nhap/ma-xac-thuc/", views.login_totp, name="login_totp"),
    path("van-ban/", views.documents, name="documents"),
    path("van-ban/<int:pk>/", views.document_detail, name="document"),
    path("van-ban/<int:pk>/chuoi/", views.document_cascade, name="document_cascade"),
    *task_urls.urlpatterns,
    path("co-quan/", views.organizations, name="organizations"),
    path("co-quan/<int:pk>/", views.organization_detail, name="organization"),
]

from giamsat.imports import eoffice_views  # noqa: E402
from giamsat.imports import views as import_views  # noqa: E402

urlpatterns += [
    path("nhap-van-ban/", import_views.imports, name="imports"),
    path("nhap-van-ban/moi/", import_views.import_new, name="import_new"),
    path("nhap-van-ban/<int:pk>/", import_views.import_review, name="import"),
    path("nhap-van-ban/dieu-hanh/", eoffice_views.import_eoffice_new, name="import_eoffice_new"),
]
