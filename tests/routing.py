"""The URL resolver's named routes, for the tests that walk every route (the route table's, GET-never-writes).
A helper module, not a test module: test modules do not import each other."""

from django.urls import URLPattern, URLResolver, get_resolver

from giamsat.accounts.routes import SELF_GUARDED_NAMESPACES


def named_url_patterns(resolver=None, namespace=""):
    """(namespaced name, pattern) of every named route, outside the namespaces that guard themselves
    (Django admin)."""
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace not in SELF_GUARDED_NAMESPACES:
                yield from named_url_patterns(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p
