from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "giamsat.dashboard"
    label = "dashboard"
    verbose_name = "Bảng điều khiển"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.dashboard import snapshots

        snapshots.connect()  # writes renew the snapshots' versions when they commit
        # An agency's dashboard is computed again after a commit that changes it (snapshots.refresh_agencies).
        snapshots.register_agency_snapshot("leaders-page", _agency_dashboard, {"months": 6})
        from giamsat.metrics import api as metrics_api
        from giamsat.metrics import quality

        metrics_api.keep = snapshots.keep_metrics  # GET /api/v1/metrics answers from snapshots too
        quality.keep = snapshots.keep_data_quality  # and so does the data-quality page
        from giamsat.tasks import views as task_views

        task_views.keep = snapshots.keep_task_page  # the task lists' rows, while current (ADR 0045)
        from giamsat.core import kept

        kept.keep = snapshots.keep_page  # other pages' bodies, while current (ADR 0056)
        kept.version_of = snapshots.version_of  # what a process keeps in memory while current (ADR 0063)
        from giamsat.indicators import selectors as indicator_selectors

        indicator_selectors.keep = snapshots.keep_assessments  # every indicator assessed once a version (0053)


def _agency_dashboard(user, today):
    from giamsat.dashboard.views import _leaders_body

    return _leaders_body(user, today=today, months=6)
