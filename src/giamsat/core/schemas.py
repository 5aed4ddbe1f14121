"""The API's error shapes, which every domain's router declares (the handlers in api/v1.py write them)."""

from ninja import Schema


class Error(Schema):
    detail: str
    code: str = ""


class Conflict(Schema):
    detail: str
    code: str
    changes: dict
