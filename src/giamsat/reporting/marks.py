"""Marks other systems leave on a report, such as «Đã gửi Hệ thống 57» (ADR 0040, issue #23).

The push log is the exports app's, a layer above reporting: it registers a reader at start-up
(`register_mark_reader`), and the report pages ask `report_marks` without importing it. No reader
registered (the app not installed): no mark.
"""

from collections.abc import Callable, Iterable

_readers: list[Callable[[list], dict[int, str]]] = []


def register_mark_reader(reader: Callable[[list], dict[int, str]]) -> None:
    """`reader(reports)` → {report id: the mark's text} for the reports it has a mark for (one query for all)."""
    if reader not in _readers:
        _readers.append(reader)


def report_marks(reports: Iterable) -> dict[int, list[str]]:
    """{report id: [marks]} for these reports (their `period` loaded)."""
    reports = list(reports)
    out: dict[int, list[str]] = {}
    if not reports:
        return out
    for reader in _readers:
        for pk, text in reader(reports).items():
            out.setdefault(pk, []).append(text)
    return out


def attach_marks(reports: Iterable) -> list:
    """The reports, each with `external_marks` (a list of texts) for the report tables."""
    reports = list(reports)
    marks = report_marks(reports)
    for report in reports:
        report.external_marks = marks.get(report.pk, [])
    return reports
