from django.contrib import admin
from django.urls import include, path

from giamsat.aggregate import urls as aggregate_urls
from giamsat.reporting import urls as reporting_urls
from giamsat.web.views import healthz

# What Django's request parsing refuses gets the same answer as the request guard's refusals (core.requests).
handler400 = "giamsat.core.requests.bad_request"

admin.site.site_header = "Quản trị giamsat"
admin.site.site_title = "Quản trị giamsat"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("giamsat.api.urls")),
    # The aggregated report's page (giamsat.aggregate, above reporting) keeps its name in reporting's namespace.
    path("bao-cao/", include(([*reporting_urls.urlpatterns, *aggregate_urls.urlpatterns], reporting_urls.app_name))),
    path("", include("giamsat.calendars.urls")),  # /lich/<secret>.ics and its buttons on the profile page
    path("", include("giamsat.notify.urls")),  # /tai-khoan/kenh-thong-bao/ and the delivery log
    path("tai-khoan/", include("giamsat.accounts.urls")),
    path("lich-su/", include("giamsat.audit.urls")),
    path("chi-tieu/", include("giamsat.indicators.urls")),
    path("tim-kiem/", include("giamsat.search.urls")),
    path("danh-gia/", include("giamsat.evaluation.urls")),
    path("", include("giamsat.metrics.urls")),
    path("sap-xep-co-quan/", include("giamsat.organizations.urls")),
    path("xuat-du-lieu/", include("giamsat.exports.urls")),
    path("", include("giamsat.qa.urls")),  # /hoi-dap/ and the public /cong-khai/hoi-dap/
    path("", include("giamsat.dashboard.urls")),
    path("", include("giamsat.feedback.urls")),
    path("", include("giamsat.outreach.urls")),
    path("", include("giamsat.web.urls")),
]
