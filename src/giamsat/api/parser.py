"""The API's reader of request data: standard JSON, and only text the database can store (ADR 0016)."""

import json

from ninja.parser import Parser

from giamsat.core.errors import ApplicationError
from giamsat.core.requests import INVALID_CHARACTER, unstorable_in


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


class StrictParser(Parser):
    """Every JSON body, query and form the API decodes passes here: a body that is not JSON as the standard
    defines it (NaN, Infinity, bad UTF-8, nesting beyond Python's limit) or any string holding a NUL or a
    lone surrogate is refused with 400 in the API's error shape, before a view or a service sees it."""

    def parse_body(self, request):
        try:
            data = json.loads(request.body, parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise ApplicationError("Nội dung gửi lên không phải JSON hợp lệ (UTF-8).",
                                   code="invalid_json") from exc
        if unstorable_in(data):
            raise ApplicationError(INVALID_CHARACTER, code="invalid_character")
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        if unstorable_in(result):
            raise ApplicationError(INVALID_CHARACTER, code="invalid_character")
        return result
