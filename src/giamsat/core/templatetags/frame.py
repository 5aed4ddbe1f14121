"""`{% frame_url 'web:home' %}`, `{% frame_static 'giamsat/app.css' %}`: the `url` and `static` tags for the
addresses the page frame (base.html) writes on every page, worked out once per process (core.frame)."""

from django import template

from giamsat.core import frame

register = template.Library()


@register.simple_tag
def frame_url(url_name: str) -> str:
    return frame.url_of(url_name)


@register.simple_tag
def frame_static(path: str) -> str:
    return frame.static_of(path)
