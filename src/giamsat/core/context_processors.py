from django.conf import settings


def demo_marker_path():
    return settings.DATA_DIR / "DEMO"


def site(request):
    return {
        "SITE_NAME": settings.GIAMSAT_SITE_NAME,
        "PROVINCE": settings.GIAMSAT_PROVINCE,
        # `giamsat demo` leaves this marker so every page says the data are not official.
        "demo_data": demo_marker_path().exists(),
    }
