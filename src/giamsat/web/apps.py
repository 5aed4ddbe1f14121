from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "giamsat.web"
    label = "web"
    verbose_name = "Giao diện"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.dashboard.snapshots import register_agency_snapshot

        # An agency's home page is computed again after a commit that changes it (snapshots.refresh_agencies).
        register_agency_snapshot("home-3", _agency_home)


def _agency_home(user, today):
    from giamsat.web.views import _home_figures

    return _home_figures(user, today=today)
