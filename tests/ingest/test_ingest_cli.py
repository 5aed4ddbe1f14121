import json
from pathlib import Path

from giamsat.ingest.cli import main

SEEDS = Path(__file__).parent / "seeds"


def test_json_output_is_one_contract_object(capsys):
    assert main([str(SEEDS / "001_e52419797d7d93ee.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["document", "references", "tasks", "targets", "reporting"]
    assert len([t for t in data["tasks"] if t["source"] == "appendix"]) == 19


def test_summary_output(capsys):
    assert main([str(SEEDS / "002_150f1546667a957e.txt")]) == 0
    out = capsys.readouterr().out
    assert "Chương trình hành động" in out and "CHỈ TIÊU" in out and "% GRDP" in out


def test_error_exit_code_and_vietnamese_message(tmp_path, capsys):
    empty = tmp_path / "rong.docx"
    empty.write_bytes(b"")
    assert main([str(empty), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Tệp rỗng" in captured.err


def test_python_dash_m(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    import giamsat.ingest

    src = Path(giamsat.ingest.__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-m", "giamsat.ingest", str(SEEDS / "003_c389389e1134b9db.txt"), "--json"],
                          capture_output=True, env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.decode("utf-8"))["document"]["type"] == "Kế hoạch"
