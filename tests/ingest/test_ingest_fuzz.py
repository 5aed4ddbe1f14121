"""Mini fuzz: mutated seed bytes and mutated DOCX bytes either extract or raise IngestError."""

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest_formats import make_docx

from giamsat.ingest import extract_bytes
from giamsat.ingest.errors import IngestError

SEED = (Path(__file__).parent / "seeds" / "001_e52419797d7d93ee.txt").read_bytes()[:12000]
DOCX = make_docx()


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int) -> bytes:
    buf = bytearray(data[: max(1, len(data) * cut // 100)])
    for pos, value in edits:
        if buf:
            buf[pos % len(buf)] = value
    return bytes(buf)


def _run(data: bytes, name: str) -> None:
    try:
        result = extract_bytes(data, name)
    except IngestError as exc:
        assert exc.message and exc.code
    else:
        assert isinstance(result.to_dict(), dict)


# `make fuzz` raises the number of examples; the normal suite keeps a short run.
SCALE = max(1, int(os.environ.get("GIAMSAT_FUZZ_EXAMPLES", "0")) // 30)

EDITS = st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=30)


@settings(max_examples=30 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS, cut=st.integers(min_value=1, max_value=100))
def test_mutated_text(edits, cut):
    _run(_mutate(SEED, edits, cut), "seed.txt")


@settings(max_examples=25 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS, cut=st.integers(min_value=1, max_value=100))
def test_mutated_docx(edits, cut):
    _run(_mutate(DOCX, edits, cut), "plan.docx")
