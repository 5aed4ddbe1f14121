"""Pagination with bounds: a limit no larger than 500 and an offset no larger than ten million.

Unbounded integers reach the database as LIMIT/OFFSET; SQLite then fails with a 500 (found by schemathesis).
"""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
