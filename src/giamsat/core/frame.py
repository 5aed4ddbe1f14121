"""What the page frame (base.html: header, menus, assets) asks on every request and is the same for every
request of a process: page addresses and static file addresses, worked out once (issue #25, ADR 0051).

`reverse` costs ≈15 µs a call and `static` ≈10 µs (the manifest's hashed name, joined and quoted); the frame
asked about thirty of them on every page. The answers depend only on the address's name, the script prefix
the server is mounted under, the URL configuration and the static files' settings: the keys below, and a
change of settings (tests) forgets them all."""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=256)
def _url(url_name: str, prefix: str, urlconf) -> str:
    return reverse(url_name, urlconf=urlconf)


def url_of(url_name: str) -> str:
    """`reverse(url_name)` (no arguments), once per process, script prefix and URL configuration."""
    return _url(url_name, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=64)
def _static(path: str, static_url: str) -> str:
    return static(path)


def static_of(path: str) -> str:
    """`{% static path %}`, once per process (the manifest of hashed names is read once per process too)."""
    return _static(path, settings.STATIC_URL)


@receiver(setting_changed)
def forget(**kwargs) -> None:
    """A test changed a setting (URLs, static storage, …): nothing worked out before holds."""
    _url.cache_clear()
    _static.cache_clear()
