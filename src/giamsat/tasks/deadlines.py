"""A task's deadline as entered (import review, task edit, API): read, or refused with a message (issue #16).

- A text that cannot be read (an impossible date such as 30/02/2025, relative words such as "ngày mai") is
  refused, never silently turned into "no deadline" (a task that can never be overdue).
- A deadline before the date of the document that sets it is refused (a one-off task; a recurring task's
  first due date is read from the plan's own year).
- No deadline only for a continuous task ("Thường xuyên") or by the explicit choice "Không có thời hạn"
  (`no_deadline`), which the data-quality page lists. An import takes an empty deadline of the document
  as that choice (the reviewer saw it empty and committed it).
"""

import datetime as dt
import re

from giamsat.core.errors import ApplicationError
from giamsat.core.text import clean_spaces

NO_DEADLINE_TEXT = "Không có thời hạn"
_NO_DEADLINE = re.compile(r"^không\s+(có\s+|xác\s+định\s+)?thời\s+hạn\.?$", re.IGNORECASE)
FORMS = "dd/mm/yyyy, Tháng 6/2026, Quý 1/2026, 6 tháng đầu năm 2026, Năm 2026, Thường xuyên, Hằng năm"


class DeadlineError(ApplicationError):
    def __init__(self, message: str):
        super().__init__(message, code="invalid_deadline")


def says_no_deadline(text: str) -> bool:
    return bool(_NO_DEADLINE.match(clean_spaces(text or "")))


def deadline_fields(text: str, *, default_year: int | None = None) -> dict:
    """Structured deadline columns of a Task from the text written in the plan (no check: see `checked`)."""
    from giamsat.ingest.deadlines import parse_deadline

    text = clean_spaces(text)
    parsed = parse_deadline(text, default_year=default_year)
    return {
        "deadline_text": text[:255],
        "deadline_kind": parsed.kind,
        "due_date": parsed.due,
        "start_date": parsed.start,
        "recurring": parsed.recurring,
        "recurrence": parsed.recurrence or "",
    }


def checked(text: str, *, plan_date: dt.date | None, no_deadline: bool = False, empty_means_none: bool = False,
            what: str = "", default_year: int | None = None) -> dict:
    """The deadline columns (with `no_deadline`) of `text`, or DeadlineError. `empty_means_none`: an empty
    text is the explicit "no deadline" (an import); otherwise it must be chosen (`no_deadline`). `what`
    names the task in messages ("Nhiệm vụ 3: ")."""
    text = clean_spaces(text or "")
    if no_deadline or says_no_deadline(text):
        return {**deadline_fields(""), "deadline_text": NO_DEADLINE_TEXT, "no_deadline": True}
    if not text:
        if not empty_means_none:
            raise DeadlineError(f"{what}Chưa có thời hạn: ghi thời hạn ({FORMS}), hoặc chọn «Không có thời hạn».")
        return {**deadline_fields(""), "no_deadline": True}
    fields = deadline_fields(text, default_year=default_year or (plan_date.year if plan_date else None))
    if fields["deadline_kind"] == "none":
        raise DeadlineError(
            f"{what}Thời hạn «{text[:80]}» không đọc được (ngày không có thật, hoặc cách ghi không rõ): ghi theo "
            f"dạng {FORMS}, hoặc chọn «Không có thời hạn».")
    due = fields["due_date"]
    if due and plan_date and due < plan_date and not fields["recurring"]:
        raise DeadlineError(f"{what}Thời hạn {due:%d/%m/%Y} trước ngày ban hành văn bản giao nhiệm vụ "
                            f"({plan_date:%d/%m/%Y}).")
    return {**fields, "no_deadline": False}
