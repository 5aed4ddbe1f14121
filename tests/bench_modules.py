"""The benchmark's modules (bench/, not a package: its scripts import each other by name), loaded by the
tests that check them or reuse their lists (bench/pages.py's cases and people)."""

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench_module(name: str):
    """bench/<name>.py as a module, with bench/ on the import path for the modules it imports."""
    if str(BENCH) not in sys.path:
        sys.path.append(str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
