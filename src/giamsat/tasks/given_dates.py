"""The dates users give about a task: a progress update's "ngày báo cáo", an office decision's date.

The status (tasks.status) judges a task by these dates, so they must be plausible: not in the future, not
before the task was assigned, not before 2000 (a typing slip). An agency may also date its update only a
few days back (`GIAMSAT_BACKDATE_DAYS`, default 7): otherwise an overdue task became "done on time" by
sending a date before the deadline. Completion long before it was recorded is for the monitoring office to
confirm, by its "Xác nhận hoàn thành" decision dated on the real day (ADR 0017). The page and the API both
reach these rules through tasks.services.
"""

import datetime as dt

from django.conf import settings

from giamsat.core.errors import ApplicationError

EARLIEST = dt.date(2000, 1, 1)


def task_assigned_on(task_id: int) -> dt.date | None:
    """The day a task began to exist: the date of the document that assigns it, else the day it was
    entered. None if there is no such task."""
    from giamsat.tasks.models import Task

    row = Task.objects.filter(pk=task_id).values_list("document__date", "created_at").first()
    if row is None:
        return None
    document_date, created_at = row
    return document_date or created_at.date()


def check_task_date(day: dt.date, *, task_id: int, today: dt.date, what: str) -> None:
    """Refuse a date in the future, before 2000 or before the task was assigned. `what` names the date in
    the message ("Ngày báo cáo", "Ngày quyết định")."""
    if day > today:
        raise ApplicationError(f"{what} {day:%d/%m/%Y} ở tương lai (hôm nay là {today:%d/%m/%Y}).")
    if day < EARLIEST:
        raise ApplicationError(f"{what} {day:%d/%m/%Y} không hợp lệ: phải từ {EARLIEST:%d/%m/%Y} trở đi.")
    if day == today:
        return  # the task exists now: no need to ask when it was assigned
    assigned = task_assigned_on(task_id)
    if assigned is not None and day < assigned:
        raise ApplicationError(
            f"{what} {day:%d/%m/%Y} trước ngày nhiệm vụ được giao ({assigned:%d/%m/%Y}).")


def check_reported_on(day: dt.date, *, task_id: int, today: dt.date) -> None:
    """The rules for the date of an agency's progress update (recorded `today`)."""
    check_task_date(day, task_id=task_id, today=today, what="Ngày báo cáo")
    limit = settings.GIAMSAT_BACKDATE_DAYS
    if (today - day).days > limit:
        raise ApplicationError(
            f"Ngày báo cáo {day:%d/%m/%Y} lùi quá {limit} ngày so với ngày ghi nhận ({today:%d/%m/%Y}): "
            f"đơn vị chỉ được báo cáo lùi ngày tối đa {limit} ngày. Hãy ghi ngày từ "
            f"{today - dt.timedelta(days=limit):%d/%m/%Y} trở đi và nêu thời điểm thực tế trong phần "
            "kết quả; nếu nhiệm vụ đã hoàn thành từ trước, đề nghị cơ quan theo dõi xác nhận hoàn thành.")
