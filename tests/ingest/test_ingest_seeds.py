"""The seed documents against hand-checked expected results (tests/ingest/expected/*.json)."""

import json
from pathlib import Path

import pytest

from giamsat.ingest import extract_file
from giamsat.ingest.score import score_all

SEEDS = Path(__file__).parent / "seeds"
EXPECTED = Path(__file__).parent / "expected"

EXPECTED_FILES = sorted(EXPECTED.glob("seed*.json"))


def _load(name):
    return json.loads((EXPECTED / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extracted():
    return {p.name[:3]: extract_file(p).to_dict() for p in sorted(SEEDS.glob("*.txt"))}


def test_contract_keys(extracted):
    for result in extracted.values():
        assert list(result) == ["document", "references", "tasks", "targets", "reporting"]
        assert set(result["document"]) == {"type", "number", "date", "issuer", "place", "title"}
        for t in result["tasks"]:
            assert set(t) == {"no", "name", "lead", "coordinators", "deadline_text", "deadline", "recurring", "source"}
        for t in result["targets"]:
            assert set(t) == {"text", "value", "value_max", "unit", "comparator", "year"}
        for r in result["reporting"]:
            assert set(r) == {"text", "period", "due_day", "due_month", "to"}


@pytest.mark.parametrize("path", EXPECTED_FILES, ids=lambda p: p.stem)
def test_metadata_and_references(path, extracted):
    exp = json.loads(path.read_text(encoding="utf-8"))
    got = extracted[exp["file"][:3]]
    doc = got["document"]
    for key in ("type", "number", "date", "issuer", "place", "title"):
        if key in exp["document"]:
            assert doc[key] == exp["document"][key], key
    if "title_prefix" in exp["document"]:
        assert doc["title"].startswith(exp["document"]["title_prefix"])
    def key(r):
        return r["number"]

    assert sorted(got["references"], key=key) == sorted(exp["references"], key=key)


def test_seed001_all_19_appendix_tasks(extracted):
    exp = [t for t in _load("seed001.json")["tasks"] if t["source"] == "appendix"]
    got = [t for t in extracted["001"]["tasks"] if t["source"] == "appendix"]
    assert len(exp) == 19
    assert got == exp


def test_seed001_body_duties_from_to_chuc_thuc_hien(extracted):
    body = {t["no"]: t for t in extracted["001"]["tasks"] if t["source"] == "body"}
    assert body["V.7-1"]["lead"] == ["Báo Lai Châu", "Đài Phát thanh và Truyền hình Lai Châu"]
    assert body["V.3"]["lead"] == ["Sở Tài chính"]
    assert body["V.1-2"]["coordinators"] == ["Sở Khoa học và Công nghệ", "các cơ quan, đơn vị liên quan"]
    assert not any(t["name"].startswith("BCĐ") for t in body.values())  # "Nơi nhận" is not a task list


def test_seed002_targets(extracted):
    exp = _load("seed002.json")["targets"]
    got = extracted["002"]["targets"]
    assert len(got) == len(exp)
    for e, g in zip(exp, got, strict=True):
        assert (g["value"], g["value_max"], g["unit"], g["comparator"], g["year"]) == (
            e["value"], e["value_max"], e["unit"], e["comparator"], e["year"])
        assert e["text_contains"].casefold() in g["text"].casefold()


def test_seed002_body_task_with_deadline(extracted):
    t = next(t for t in extracted["002"]["tasks"] if t["no"] == "IV.1")
    assert t["deadline"] == "2025-03-31" and t["deadline_text"] == "tháng 3/2025"


@pytest.mark.parametrize("seed", ["001", "003"])
def test_reporting_rules(seed, extracted):
    exp = _load(f"seed{seed}.json")["reporting"]
    got = [{k: r[k] for k in ("period", "due_day", "due_month", "to")} for r in extracted[seed]["reporting"]]
    assert got == exp


def test_score_thresholds():
    report = score_all(EXPECTED, SEEDS)
    tasks = report.counts["tasks"]
    assert tasks.precision >= 0.95 and tasks.recall >= 0.95
    for name in ("references", "targets", "reporting"):
        assert report.counts[name].f1 == 1.0, name
    for field in ("tasks.lead", "tasks.coordinators", "tasks.deadline", "tasks.name", "references.relation"):
        assert report.accuracy(field) == 1.0, field
