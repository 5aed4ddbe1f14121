"""Computed status codes are named by their TextChoices members, not spelt out as strings (#15).

The codes below belong to one vocabulary each (a task's status, an indicator's status, a report's
punctuality); a string literal with one of them anywhere in src/ other than the module defining it is a copy
of the rule that the next change would miss. Docstrings and comments may name them.
"""

import io
import tokenize
from pathlib import Path

import pytest

from giamsat.indicators.status import STATUS_LABELS, IndicatorStatus
from giamsat.reporting.submissions import SUBMISSION_LABELS, SubmissionCode
from giamsat.tasks.status import LABELS, StatusCode

SRC = Path(__file__).resolve().parents[2] / "src" / "giamsat"
# Codes no other vocabulary uses (e.g. "overdue" is also a reminder's kind, "pending" a value's review).
OWN = {
    "tasks/status.py": ["done_on_time", "done_late", "not_reported"],
    "indicators/status.py": ["achieved", "on_track", "at_risk", "off_track", "no_data"],
}


def _string_literals(path: Path) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(t.start[0], t.string) for t in tokens if t.type == tokenize.STRING]


def _offenders(codes, *, except_in: str, root: Path = SRC) -> list[str]:
    quoted = {f'"{c}"' for c in codes} | {f"'{c}'" for c in codes}
    return [
        f"{path.relative_to(root)}:{line} {text}"
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts and path.relative_to(root).as_posix() != except_in
        for line, text in _string_literals(path)
        if text in quoted
    ]


@pytest.mark.parametrize("module", sorted(OWN))
def test_no_status_code_spelt_out_outside_its_vocabulary(module):
    assert _offenders(OWN[module], except_in=module) == []


def test_the_check_sees_a_code_spelt_out_and_not_a_docstring(tmp_path):
    (tmp_path / "x.py").write_text('"""Docstring: "done_late" is fine."""\nLATE = code == \'done_late\'\n')
    assert _offenders(["done_late"], except_in="", root=tmp_path) == ["x.py:2 'done_late'"]


def test_the_vocabularies_keep_the_stored_values_and_labels():
    assert StatusCode.OVERDUE == "overdue" and LABELS["overdue"] == "Chưa hoàn thành – quá hạn"
    assert list(LABELS) == list(StatusCode.values)
    assert list(STATUS_LABELS) == list(IndicatorStatus.values)
    assert IndicatorStatus.values == ["achieved", "on_track", "at_risk", "off_track", "no_data"]
    assert list(SUBMISSION_LABELS) == list(SubmissionCode.values) == ["on_time", "late", "missing", "pending"]
    assert SUBMISSION_LABELS["missing"] == "Chưa gửi – quá hạn"
