from django.conf import settings


def mail_configured() -> bool:
    """False for Django's console, dummy and in-memory backends, which reach nobody outside."""
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2] if "." in settings.EMAIL_BACKEND else ""
    return backend not in {"console", "dummy"}
