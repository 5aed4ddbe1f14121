"""bench/side_by_side.py's pure parts (issue #25): percentiles, the ratio and its verdict, the Markdown table,
and every giamsat path of its pair list resolving to one of giamsat's routes. No network, no server."""

import math
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.bench_modules import BENCH, bench_module

sbs = bench_module("side_by_side")

# Values for the placeholders of the giamsat paths (ids of any shape: the routes only check the pattern).
GIAMSAT_VARS = {**sbs.DEFAULT_GIAMSAT_VARS, "agency": "12", "long_task": "345"}
PEER_VARS = {**sbs.DEFAULT_PEER_VARS, "mission": "NV00001", "period": "23", "department": "2"}


def test_percentile_nearest_rank():
    values = [float(v) for v in range(1, 101)]  # 1 … 100
    assert sbs.percentile(values, 50) == 50.0
    assert sbs.percentile(values, 95) == 95.0
    assert sbs.percentile([7.0, 3.0, 5.0], 50) == 5.0  # unsorted input
    assert sbs.percentile([4.0], 95) == 4.0
    assert math.isnan(sbs.percentile([], 50))


def test_ratio_and_its_formatting():
    assert sbs.ratio(691.0, 101.0) == pytest.approx(6.84, abs=0.01)
    assert sbs.format_ratio(sbs.ratio(691.0, 101.0)) == "6.84×"
    assert sbs.format_ratio(sbs.ratio(250.0, 10.0)) == "25×"
    assert sbs.format_ratio(sbs.ratio(5.0, 0.0)) == "∞"
    assert sbs.format_ratio(float("nan")) == "—"
    assert sbs.format_ms(8.64) == "8.6" and sbs.format_ms(175.4) == "175" and sbs.format_ms(float("nan")) == "—"


def test_verdict_targets_one_times_and_ten_times_on_the_peers_slow_pages():
    ordinary = next(p for p in sbs.PAIRS if not p.peer_slow)
    slow = next(p for p in sbs.PAIRS if p.peer_slow)
    assert sbs.verdict(ordinary, 1.0) == "met"
    assert sbs.verdict(ordinary, 0.9).startswith("NOT met")
    assert sbs.verdict(slow, 9.5) == "NOT met (target 10×)"
    assert sbs.verdict(slow, 12.0) == "met"
    assert sbs.verdict(slow, float("nan")) == "not measured"
    reference = sbs.Pair("x", "office", "/", "office", "/app/", reference=True)
    assert sbs.verdict(reference, 0.9) == sbs.verdict(reference, 1.5) == "reference (no target)"


def test_the_dashboard_has_one_pair_with_a_target_and_it_is_the_page_as_opened():
    dashboard = [p for p in sbs.PAIRS if p.label.startswith("province dashboard")]
    assert [p.label for p in dashboard if not p.reference] == ["province dashboard, cold, as opened"]
    assert [p for p in sbs.PAIRS if p.reference] == [d for d in dashboard if not d.peer_then]


def test_table_rows_medians_ratio_and_errors():
    slow = next(p for p in sbs.PAIRS if p.peer_slow)
    ordinary = sbs.PAIRS[0]
    results = [
        {"pair": slow, "giamsat_path": "/cong-khai/", "peer_path": "/app/public/missions/",
         "giamsat": [10.0, 12.0, 11.0, 30.0], "peer": [200.0, 220.0, 210.0, 400.0]},
        {"pair": ordinary, "giamsat_path": "/tai-khoan/", "peer_path": "/x/", "error": "peer: HTTP 501"},
    ]
    lines = sbs.table(results).splitlines()
    assert lines[0].startswith("| page | giamsat path | peer path |") and lines[1].startswith("|---|")
    row = lines[2].split(" | ")
    assert f"{slow.label}" in row[0]
    assert row[3] == "11.0 / 30.0"  # nearest rank of 4 values: p50 = 2nd, p95 = 4th
    assert row[4] == "210 / 400"
    assert row[5] == "19×" and row[6] == "met |"
    assert "peer: HTTP 501" in lines[3]


def test_placeholders_are_filled_and_a_missing_one_is_named():
    pair = next(p for p in sbs.PAIRS if "{long_task}" in p.giamsat_path)
    assert sbs.fill(pair.giamsat_path, GIAMSAT_VARS) == "/nhiem-vu/345/"
    with pytest.raises(KeyError, match="long_task"):
        sbs.fill(pair.giamsat_path, {})


def test_every_pair_has_its_placeholders_and_roles():
    for pair in sbs.PAIRS:
        assert sbs.placeholders(pair.giamsat_path) <= set(GIAMSAT_VARS), pair.label
        for path in (pair.peer_path, *pair.peer_then):
            assert sbs.placeholders(path) <= set(PEER_VARS), pair.label
        assert pair.giamsat_role in sbs.GIAMSAT_ROLES and pair.peer_role in sbs.PEER_ROLES, pair.label
        assert pair.note, pair.label  # what the peer's page is, said in the list
    assert {p.label for p in sbs.PAIRS if p.peer_slow} == {
        "peer's list: mission table", "peer's period filter", "peer's public list"}


@pytest.mark.parametrize("pair", sbs.PAIRS, ids=lambda p: p.label)
def test_every_giamsat_path_resolves_to_a_route(pair):
    path = urlsplit(sbs.fill(pair.giamsat_path, GIAMSAT_VARS)).path
    try:
        match = resolve(path)
    except Resolver404:  # pragma: no cover - the failure message
        pytest.fail(f"{pair.label}: {path} is not one of giamsat's routes")
    assert match.func is not None


def test_the_discovered_ids_come_from_pages_of_bench_pages():
    """--discover reads the ids from bench/pages.py's list: the labels it looks for must be there."""
    source = (BENCH / "pages.py").read_text(encoding="utf-8")
    for label, _pattern in sbs.DISCOVER_FROM.values():
        assert f'"{label}"' in source, label


def test_a_page_and_the_fragments_it_loads_are_timed_as_one_on_one_session():
    """The peer's dashboard is a page that loads a panel that loads the figures: its time is the chain's."""
    class Recorded:  # a signed-in session answering from a table (the script's own sum is under test)
        def __init__(self, answers):
            self.answers, self.asked = answers, []

        def timed_get(self, path):
            self.asked.append(path)
            return self.answers[path]

    side = sbs.Side("peer", ["http://127.0.0.1:1", "http://127.0.0.1:2"], "/app/sign-in/", {}, "")
    first = Recorded({"/a/": (10.0, 200), "/b/": (5.5, 200), "/c/": (40.0, 200)})
    second = Recorded({"/a/": (12.0, 200), "/b/": (1.0, 501), "/c/": (30.0, 200)})
    side.sessions = {"office": [first, second]}
    assert side.get_chain("office", ["/a/", "/b/", "/c/"]) == (43.0, 501)  # the first status other than 200
    assert side.get_chain("office", ["/a/", "/b/", "/c/"]) == (55.5, 200)
    assert first.asked == second.asked == ["/a/", "/b/", "/c/"]  # each chain on one session, in order
    chained = next(p for p in sbs.PAIRS if p.peer_then)
    assert "mission_panel" in chained.peer_then[-1] and chained.giamsat_path == "/bang-dieu-khien/?tinh-lai=1"
