"""The cascade as a tree (#21, ADR 0039): plans that cite every document above them sit under the nearest
one; each level shows its own tasks and its whole branch's; a fixed number of queries whatever the size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giamsat.core.actors import SYSTEM
from giamsat.dashboard.progress import direct_parents, document_chain, document_progress

pytestmark = pytest.mark.django_db


def test_direct_parents_drop_what_another_parent_is_under():
    # 4 cites 1, 2 and 3; 3 cites 1 and 2; 2 cites 1: a chain 1 → 2 → 3 → 4, not three children of 1.
    edges = [(2, 1), (3, 1), (3, 2), (4, 1), (4, 2), (4, 3), (5, 3), (6, 6)]
    assert direct_parents(edges) == {2: {1}, 3: {2}, 4: {3}, 5: {3}}  # 6 → 6 is no relation
    assert direct_parents([(1, 2), (2, 1)]) == {1: {2}, 2: {1}}  # a cycle in bad data does not loop


def _cascade(province):
    """57-NQ/TW → 71/NQ-CP → 63-CTr/TU → the province's plan 2653/KH-UBND → Sở VHTTDL's plan; each cites
    every document above it, as real plans do."""
    from giamsat.documents.models import Document, DocumentRelation
    from giamsat.tasks.services import task_create

    def doc(number, title, issuer=None):
        return Document.objects.create(doc_type="Kế hoạch", number=number, title=title, issuer=issuer,
                                       is_published=True)

    nq57, nq71 = doc("57-NQ/TW", "Nghị quyết 57"), doc("71/NQ-CP", "Chương trình của Chính phủ")
    ctr = doc("63-CTr/TU", "Chương trình hành động của Tỉnh ủy")
    plan = province["doc"]
    agency = doc("15/KH-SVHTTDL", "Kế hoạch của Sở VHTTDL", province["orgs"]["culture"])
    chain = [nq57, nq71, ctr, plan, agency]
    for i, source in enumerate(chain):
        for target in chain[:i]:
            DocumentRelation.objects.create(source=source, target=target, kind="based_on")
    task_create(actor=SYSTEM, document=ctr, number="1", name="Nhiệm vụ của Tỉnh ủy", deadline_text="Năm 2026",
                leads=[province["orgs"]["ubnd"]])
    for n in range(2):
        task_create(actor=SYSTEM, document=agency, number=str(n + 1), name=f"Việc của Sở {n}",
                    deadline_text="Năm 2026", leads=[province["orgs"]["culture"]])
    return chain


def test_the_document_page_shows_the_real_depth_with_progress_rolled_up(province):
    nq57, nq71, ctr, plan, agency = _cascade(province)
    rows = document_progress(province["users"]["office"], nq57)
    assert [(r.depth, r.document.number) for r in rows] == [
        (0, "57-NQ/TW"), (1, "71/NQ-CP"), (2, "63-CTr/TU"), (3, "2653/KH-UBND"), (4, "15/KH-SVHTTDL")]
    assert [(r.total, r.all_total) for r in rows] == [(0, 6), (0, 6), (1, 6), (3, 5), (2, 2)]
    assert rows[0].all_counts == {"not_started": 6} and rows[0].all_done_share == 0.0
    assert [d.number for d in document_chain(province["users"]["office"], agency)] == [
        "57-NQ/TW", "71/NQ-CP", "63-CTr/TU", "2653/KH-UBND"]


def test_an_agency_sees_its_branch_only(province):
    nq57, *_ = _cascade(province)
    rows = document_progress(province["users"]["focal_science"], nq57)
    # Sở KH&CN sees the published documents and the tasks it leads or coordinates (the province plan's
    # three), not the Tỉnh ủy's nor Sở VHTTDL's own plan's.
    assert {r.document.number: r.all_total for r in rows}["57-NQ/TW"] == 3


def test_the_page_and_a_constant_number_of_queries(client, province):
    from giamsat.documents.models import Document, DocumentRelation
    from giamsat.tasks.services import task_create

    nq57, nq71, ctr, plan, agency = _cascade(province)
    user = province["users"]["office"]

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            document_progress(user, nq57)
            document_chain(user, agency)
        return len(ctx.captured_queries)

    few = queries()
    for n in range(6):  # six more agencies' plans, each with a task, under the province's plan
        d = Document.objects.create(doc_type="Kế hoạch", number=f"{n}/KH-X", title=f"Kế hoạch {n}")
        for target in (nq57, nq71, ctr, plan):
            DocumentRelation.objects.create(source=d, target=target, kind="based_on")
        task_create(actor=SYSTEM, document=d, number="1", name=f"Việc {n}", leads=[province["orgs"]["science"]])
    assert queries() == few
    assert document_progress(user, nq57)[0].all_total == 12
    client.force_login(user)
    page = client.get(f"/van-ban/{agency.pk}/").content.decode()
    assert "Thuộc chuỗi văn bản" in page and page.index("57-NQ/TW") < page.index("63-CTr/TU")
    page = client.get(f"/van-ban/{nq57.pk}/").content.decode()
    assert "Cấp 4" in page and "Cả nhánh" in page
