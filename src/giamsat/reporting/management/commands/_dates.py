import datetime as dt

from django.core.management.base import CommandError


def parse_today(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"Ngày không hợp lệ: “{value}”. Dùng định dạng YYYY-MM-DD, ví dụ 2025-06-16."
        ) from exc
