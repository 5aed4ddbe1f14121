"""The review's fields (#21): dates dd/mm/yyyy in, ISO in the proposal; every problem listed, every edit kept."""

import pytest

from giamsat.core.errors import ApplicationError
from giamsat.imports.review import parse_review_date, review_from_post
from giamsat.imports.templatetags.import_tags import review_date, review_number


@pytest.mark.parametrize(("typed", "iso"), [("15/07/2025", "2025-07-15"), ("5/7/2025", "2025-07-05"),
                                            ("2025-07-15", "2025-07-15"), ("", None)])
def test_review_dates_are_dd_mm_yyyy(typed, iso):
    assert parse_review_date(typed) == iso
    assert review_date(iso) == ("" if iso is None else f"{iso[8:]}/{iso[5:7]}/{iso[:4]}")


@pytest.mark.parametrize("typed", ["31/02/2025", "15/07/25", "hôm qua", "01/01/1850"])
def test_impossible_dates_are_refused_in_vietnamese(typed):
    with pytest.raises(ApplicationError, match="dd/mm/yyyy"):
        parse_review_date(typed)


def test_every_problem_is_listed_and_every_edit_kept():
    original = {"document": {"date": "2025-01-01"}, "tasks": [{"name": "A", "include": True, "lead": []}],
                "targets": [{"text": "Tỷ lệ", "include": True, "value": 10.0}], "agencies": {"Sở X": {}}}
    post = {"doc-date": "32/01/2025", "doc-title": "Mới", "agency-0-phrase": "Sở X", "agency-0-choice": "org:7",
            "task-0-name": "A sửa", "target-0-seen": "1", "target-0-include": "on", "target-0-value": "abc",
            "target-0-year": "2030", "new-rule-period": "month", "new-rule-due_day": "5"}
    proposal, problems = review_from_post(original, post)
    assert len(problems) == 2 and "Ngày" in problems[0] and "phải là số" in problems[1]
    assert proposal["document"] == {"date": "32/01/2025", "title": "Mới"}
    assert proposal["agencies"]["Sở X"] == {"kind": "organization", "id": 7}
    assert proposal["tasks"][0]["include"] is False and proposal["tasks"][0]["name"] == "A sửa"
    assert proposal["targets"][0]["value"] == "abc" and proposal["targets"][0]["year"] == 2030
    assert proposal["reporting"][0]["due_day"] == 5
    assert review_number(37.5) == "37,5" and review_number(20.0) == "20" and review_number("abc") == "abc"
