import subprocess
import sys
from pathlib import Path

import giamsat.ingest

SRC = Path(giamsat.ingest.__file__).resolve().parents[2]


def test_ingest_imports_no_django():
    code = (
        "import sys; import giamsat.ingest, giamsat.ingest.cli, giamsat.ingest.score, giamsat.ingest.readers; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))"
    )
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_no_django_import_in_sources():
    for path in Path(giamsat.ingest.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path
