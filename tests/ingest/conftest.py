"""Fixtures for the ingest tests: plain pytest, nothing Django-related."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
SEEDS = HERE / "seeds"
EXPECTED = HERE / "expected"
FONT = HERE / "fonts" / "DejaVuSans.ttf"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_text() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
