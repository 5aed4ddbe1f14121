"""Sections other apps add to an agency's periodic report draft (ADR 0029): reporting, feedback and outreach
are independent apps of one layer, so the reporting app asks the registered writers rather than importing
them. A writer: `writer(org_ids, start, end) -> (title, lines)`; no lines, no section."""

import datetime as dt
from collections.abc import Callable

Writer = Callable[[set[int], dt.date, dt.date], tuple[str, list[str]]]
_writers: list[Writer] = []


def register_section(writer: Writer) -> None:
    if writer not in _writers:
        _writers.append(writer)


def sections_text(org_ids: set[int], start: dt.date, end: dt.date) -> str:
    """The registered sections for these organizations and days, as the draft's text."""
    parts = []
    for writer in _writers:
        title, lines = writer(org_ids, start, end)
        if lines:
            parts.append(title + "\n" + "\n".join(lines))
    return "\n\n".join(parts)
