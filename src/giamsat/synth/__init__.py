"""Synthetic data at the scale of a province or of the whole country, for benchmarks and tests.

    giamsat synth --scale small|province|national [--seed N] [--today YYYY-MM-DD] [--force]

`generator.generate` builds, in one transaction and through bulk paths only (COPY on PostgreSQL, batched
INSERT on SQLite; no model `save()`, no signals):

- organizations.py  the Politburo, Government and ministries; per province ≈40 agencies, 100 communes,
                    abolished districts with their successors, groups, aliases; users (one hash for all)
- plans.py          the cascade of documents (57-NQ/TW → 71/NQ-CP → Party programme → provincial plan →
                    agencies' and communes' plans) and their tasks, with every deadline form
- history.py        24 months of progress updates, evidence links and decisions, and each task's stored
                    status computed by tasks.status.compute_status from those very facts
- indicators.py     indicators, targets and monthly or quarterly values with review states
- reporting.py      reporting rules, periods and the agencies' reports with realistic lateness

Everything it writes is marked `is_demo=True` where the model has the field, organization codes start with
"syn-" and user names with "syn.". Synthetic data are not an official record: the bulk load bypasses the
signals, so it writes no audit entries (docs/PERFORMANCE.md).
"""

from giamsat.synth.scales import SCALES, Scale

__all__ = ["SCALES", "Scale", "generate"]


def generate(*args, **kwargs):
    from giamsat.synth.generator import generate as run

    return run(*args, **kwargs)
