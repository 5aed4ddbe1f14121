"""Answers sent as built, without ninja validating them again against the declared schema.

ninja checks an answer by wrapping every nested object for attribute access: for a page of fifty tasks with
their organizations that costs more than reading them (3-7 ms, docs/PERFORMANCE.md). The endpoints that use
this build their answers from plain rows in the declared shape; tests validate those answers against the
schemas (tests/web/test_api_answers.py, ADR 0012), and the API fuzzing in CI checks them against the
OpenAPI document."""

import json

from django.http import HttpResponse
from ninja.responses import NinjaJSONEncoder


def encode(data) -> str:
    """JSON as ninja would write it (dates in ISO form), UTF-8 text kept as is."""
    return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False)


def json_answer(data, status: int = 200) -> HttpResponse:
    return raw_json_answer(encode(data), status)


def raw_json_answer(content: str | bytes, status: int = 200) -> HttpResponse:
    return HttpResponse(content, status=status, content_type="application/json; charset=utf-8")
