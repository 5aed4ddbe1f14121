"""Pages of the reporting cycle, mounted at /bao-cao/ (see config/urls.py)."""

from django.urls import path

from giamsat.reporting import drafting_views, office_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/duyet/", views.report_approve_view, name="report_approve"),
    path("<int:pk>/gui/", views.report_send_view, name="report_send"),
    path("<int:pk>/dinh-chinh/", views.report_correct_view, name="report_correct"),
    path("<int:pk>/cap-nhat-tu-tien-do/", drafting_views.report_refill_view, name="report_refill"),
    path("<int:pk>/tra-lai/", drafting_views.report_return_view, name="report_return"),
    path("ky/<int:period_pk>/lap/", views.report_draft, name="report_draft"),
    path("theo-doi/", office_views.board, name="board"),
    path("don-doc/", office_views.reminders, name="reminders"),
    path("don-doc/gui/", office_views.remind_run, name="remind_run"),
    path("don-doc/truc-tiep/", office_views.urge_view, name="urge"),
    path("lich/", office_views.calendar, name="calendar"),
    path("lich/mo-ky/", office_views.period_open_now, name="period_open"),
    path("ky/<int:pk>/khoa/", office_views.period_close_view, name="period_close"),
    path("ky/<int:pk>/mo-lai/", office_views.period_reopen_view, name="period_reopen"),
    path("thong-bao/", views.notifications, name="notifications"),
]
