"""Score the extractor against the hand-checked expected results for the seed documents.

    python -m giamsat.ingest.score [--expected DIR] [--seeds DIR]

Prints precision/recall/F1 of tasks (and references, targets, reporting rules)
and per-field accuracy. Used by the tests too (``score_all``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .extract import extract_file
from .refs import number_key
from .textutil import squash


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    counts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    fields: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # ok, total
    mismatches: list[str] = field(default_factory=list)

    def check(self, where: str, name: str, expected: Any, actual: Any) -> None:
        ok = expected == actual
        cell = self.fields[name]
        cell[0] += int(ok)
        cell[1] += 1
        if not ok:
            self.mismatches.append(f"{where} {name}: expected {expected!r}, got {actual!r}")

    def accuracy(self, name: str) -> float:
        ok, total = self.fields[name]
        return ok / total if total else 1.0


def _norm(text: str | None) -> str:
    return squash(text or "").casefold()


def score_seed(expected: dict[str, Any], actual: dict[str, Any], report: Report) -> None:
    tag = expected["file"][:3]
    doc_e, doc_a = expected["document"], actual["document"]
    for key in ("type", "number", "date", "issuer", "place", "title"):
        if key in doc_e:
            report.check(f"[{tag}] document", f"document.{key}", doc_e[key], doc_a.get(key))
    if "title_prefix" in doc_e:
        report.check(f"[{tag}] document", "document.title", True,
                     _norm(doc_a.get("title")).startswith(_norm(doc_e["title_prefix"])))
    # references: matched by number (separator-insensitive)
    by_key = {number_key(r["number"]): r for r in actual["references"]}
    matched = set()
    for r in expected["references"]:
        got = by_key.get(number_key(r["number"]))
        c = report.counts["references"]
        if got is None:
            c.fn += 1
            report.mismatches.append(f"[{tag}] reference missing: {r['number']}")
            continue
        c.tp += 1
        matched.add(number_key(r["number"]))
        for key in ("relation", "type", "date", "issuer"):
            report.check(f"[{tag}] ref {r['number']}", f"references.{key}", r[key], got.get(key))
    for k, r in by_key.items():
        if k not in matched:
            report.counts["references"].fp += 1
            report.mismatches.append(f"[{tag}] reference unexpected: {r['number']}")
    # tasks
    pool = list(actual["tasks"])
    for t in expected["tasks"]:
        got = _match_task(t, pool)
        c = report.counts["tasks"]
        if got is None:
            c.fn += 1
            report.mismatches.append(f"[{tag}] task missing: {t['no']} {t.get('name', t.get('name_prefix'))[:50]}")
            continue
        pool.remove(got)
        c.tp += 1
        where = f"[{tag}] task {t['no']}"
        for key in ("no", "name", "lead", "coordinators", "deadline_text", "deadline", "recurring", "source"):
            if key in t:
                report.check(where, f"tasks.{key}", t[key], got.get(key))
    for got in pool:
        report.counts["tasks"].fp += 1
        report.mismatches.append(f"[{tag}] task unexpected: {got['no']} {got['name'][:50]}")
    # targets
    tpool = list(actual["targets"])
    for t in expected["targets"]:
        got = next(
            (a for a in tpool if a["value"] == t["value"] and _norm(t["text_contains"]) in _norm(a["text"])), None
        )
        c = report.counts["targets"]
        if got is None:
            c.fn += 1
            report.mismatches.append(f"[{tag}] target missing: {t['value']} {t['text_contains']}")
            continue
        tpool.remove(got)
        c.tp += 1
        for key in ("value_max", "unit", "comparator", "year"):
            report.check(f"[{tag}] target {t['value']}", f"targets.{key}", t[key], got.get(key))
    for got in tpool:
        report.counts["targets"].fp += 1
        report.mismatches.append(f"[{tag}] target unexpected: {got['value']} {got['text'][:50]}")
    # reporting rules
    rpool = list(actual["reporting"])
    for r in expected["reporting"]:
        got = next((a for a in rpool if (a["period"], a["due_day"]) == (r["period"], r["due_day"])), None)
        c = report.counts["reporting"]
        if got is None:
            c.fn += 1
            report.mismatches.append(f"[{tag}] reporting rule missing: {r}")
            continue
        rpool.remove(got)
        c.tp += 1
        for key in ("due_month", "to"):
            report.check(f"[{tag}] reporting {r['period']}", f"reporting.{key}", r[key], got.get(key))
    for got in rpool:
        report.counts["reporting"].fp += 1
        report.mismatches.append(f"[{tag}] reporting rule unexpected: {got['period']} {got['due_day']}")


def _match_task(t: dict[str, Any], pool: list[dict[str, Any]]) -> dict[str, Any] | None:
    if "name" in t:
        same_no = [a for a in pool if a["source"] == t["source"] and a["no"] == t["no"]]
        return same_no[0] if same_no else None
    prefix = _norm(t["name_prefix"])
    for a in pool:
        if a["source"] == t["source"] and _norm(a["name"]).startswith(prefix):
            return a
    return None


def _find_dir(name: str, env: str) -> Path:
    if os.environ.get(env):
        return Path(os.environ[env])
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "tests" / "ingest" / name
        if candidate.is_dir():
            return candidate
    return Path.cwd() / "tests" / "ingest" / name


def score_all(expected_dir: Path | None = None, seeds_dir: Path | None = None) -> Report:
    expected_dir = expected_dir or _find_dir("expected", "GIAMSAT_EXPECTED")
    seeds_dir = seeds_dir or _find_dir("seeds", "GIAMSAT_SEEDS")
    report = Report()
    for path in sorted(expected_dir.glob("seed*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        actual = extract_file(seeds_dir / expected["file"]).to_dict()
        score_seed(expected, actual, report)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m giamsat.ingest.score")
    parser.add_argument("--expected", type=Path, default=None)
    parser.add_argument("--seeds", type=Path, default=None)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    args = parser.parse_args(argv)
    report = score_all(args.expected, args.seeds)
    out = sys.stdout
    out.write(f"{'item':<12} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8} {'F1':>6}\n")
    for name in ("tasks", "references", "targets", "reporting"):
        c = report.counts[name]
        out.write(f"{name:<12} {c.tp:>4} {c.fp:>4} {c.fn:>4} {c.precision:>10.3f} {c.recall:>8.3f} {c.f1:>6.3f}\n")
    out.write("\nper-field accuracy (on matched items)\n")
    for name in sorted(report.fields):
        ok, total = report.fields[name]
        out.write(f"  {name:<28} {ok:>4}/{total:<4} {ok / total if total else 1:.3f}\n")
    if report.mismatches:
        out.write(f"\nmismatches: {len(report.mismatches)}" + ("\n" if args.verbose else " (use -v to list)\n"))
        if args.verbose:
            for line in report.mismatches:
                out.write(f"  {line}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
