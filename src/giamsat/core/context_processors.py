from django.conf import settings


def demo_marker_path():
    return settings.DATA_DIR / "DEMO"


def site(request):
    return {
        "SITE_NAME": settings.GIAMSAT_SITE_NAME,
        "PROVINCE": settings.GIAMSAT_PROVINCE,
        # `giamsat demo` leaves this marker so every page says the data are not official; a demo instance run
        # on purpose (GIAMSAT_DEMO_MODE, ADR 0015) says it too, whatever its data.
        "demo_data": settings.GIAMSAT_DEMO_MODE or demo_marker_path().exists(),
    }
