"""Every figure the system shows, defined once (giamsat.metrics.definitions) and computed for a scope on a
date (giamsat.metrics.selectors). See docs/adr/0025-one-definition-per-figure.md."""


def by_organization(org_ids, as_of=None, **kwargs) -> dict[int, dict]:
    """{organization id: {figure key: value}} (metrics.selectors.by_organization), importable before the
    apps are loaded."""
    from giamsat.metrics.selectors import by_organization as compute

    return compute(org_ids, as_of, **kwargs)
