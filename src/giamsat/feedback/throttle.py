"""The public form's anti-abuse, without outside services (ADR 0030): a count of submissions per address
per hour in the cache (shared by every process when the cache is Redis), and a honeypot field people never
see. The address is only a cache key, hashed; it is never stored with the feedback."""

import hashlib

from django.core.cache import cache

from giamsat.core.errors import ApplicationError
from giamsat.feedback import conf

HONEYPOT = "trang_web"  # a field hidden from people (CSS); robots fill in every field they find
WINDOW = 3600


class TooManySubmissions(ApplicationError):
    status = 429

    def __init__(self):
        super().__init__("Địa chỉ này đã gửi quá nhiều phản ánh trong một giờ; vui lòng thử lại sau.",
                         code="rate_limited")


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(address: str) -> str:
    return "feedback-rate:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def check_rate(address: str) -> None:
    """Refuse when the address has used up its submissions of the hour; else count this one."""
    key = _key(address)
    limit = conf.get("GIAMSAT_FEEDBACK_PER_HOUR")
    if cache.add(key, 1, WINDOW):
        return
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        return
    if count > limit:
        raise TooManySubmissions()


def check_honeypot(value: str) -> None:
    if value:
        raise ApplicationError("Không gửi được phản ánh: biểu mẫu có trường không hợp lệ.", code="honeypot")
