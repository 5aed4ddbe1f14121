from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "giamsat.web"
    label = "web"
    verbose_name = "Giao diện"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.dashboard.snapshots import keep_search, register_agency_snapshot
        from giamsat.search import selectors as search_selectors

        # An agency's home page is computed again after a commit that changes it (snapshots.refresh_agencies).
        register_agency_snapshot("home-3", _agency_home)
        # The search page and API read kept results (ADR 0054); search and dashboard cannot import each other.
        search_selectors.keep = keep_search


def _agency_home(user, today):
    from giamsat.web.views import _home_figures

    return _home_figures(user, today=today)
