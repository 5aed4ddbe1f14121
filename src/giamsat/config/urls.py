from django.contrib import admin
from django.urls import include, path

from giamsat.web.views import healthz

# What Django's request parsing refuses gets the same answer as the request guard's refusals (core.requests).
handler400 = "giamsat.core.requests.bad_request"

admin.site.site_header = "Quản trị giamsat"
admin.site.site_title = "Quản trị giamsat"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("giamsat.api.urls")),
    path("bao-cao/", include("giamsat.reporting.urls")),
    path("tai-khoan/", include("giamsat.accounts.urls")),
    path("lich-su/", include("giamsat.audit.urls")),
    path("chi-tieu/", include("giamsat.indicators.urls")),
    path("tim-kiem/", include("giamsat.search.urls")),
    path("", include("giamsat.dashboard.urls")),
    path("", include("giamsat.web.urls")),
]
