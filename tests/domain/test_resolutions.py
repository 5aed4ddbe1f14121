"""Several resolutions side by side (#23, ADR 0040): each document's root resolution(s) are stored on
commit and every list, figure and export can be narrowed to one cascade."""

import datetime as dt

import pytest

from giamsat.core.actors import SYSTEM
from giamsat.documents.models import Document, DocumentRelation
from giamsat.documents.roots import compute_roots, refresh_roots, resolution_choices
from giamsat.documents.services import document_create, document_relate
from giamsat.tasks.services import task_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cascades(province):
    nq57 = document_create(actor=SYSTEM, doc_type="Nghị quyết", number="57-NQ/TW", date=dt.date(2024, 12, 22),
                           title="Về đột phá phát triển khoa học, công nghệ")
    gov = document_create(actor=SYSTEM, doc_type="Nghị quyết", number="71/NQ-CP", date=dt.date(2025, 4, 1),
                          title="Chương trình hành động của Chính phủ")
    nq71 = document_create(actor=SYSTEM, doc_type="Nghị quyết", number="71-NQ/TW", date=dt.date(2025, 8, 22),
                           title="Về đột phá phát triển giáo dục và đào tạo")
    plan71 = document_create(actor=SYSTEM, doc_type="Kế hoạch", number="99/KH-UBND", date=dt.date(2025, 10, 1),
                             title="Thực hiện Nghị quyết 71-NQ/TW")
    document_relate(source=gov, target=nq57, kind=DocumentRelation.Kind.BASED_ON)
    document_relate(source=province["doc"], target=gov, kind=DocumentRelation.Kind.BASED_ON)
    document_relate(source=plan71, target=nq71, kind=DocumentRelation.Kind.BASED_ON)
    task = task_create(actor=SYSTEM, document=plan71, name="Rà soát mạng lưới trường học", deadline_text="Năm 2026",
                       leads=[province["orgs"]["science"]])
    refresh_roots()
    return {"nq57": nq57, "nq71": nq71, "plan71": plan71, "task71": task}


def test_roots_follow_the_based_on_chain(province, two_cascades):
    roots = compute_roots()
    assert roots[province["doc"].pk] == {two_cascades["nq57"].pk}
    assert roots[two_cascades["plan71"].pk] == {two_cascades["nq71"].pk}
    assert set(province["doc"].roots.values_list("number", flat=True)) == {"57-NQ/TW"}
    assert [k for k, _ in resolution_choices()] == ["57", "71"]
    # a plan based on both becomes part of both cascades; dropping the relation drops it again
    relation = document_relate(source=two_cascades["plan71"], target=province["doc"], kind="based_on")
    refresh_roots()
    assert set(two_cascades["plan71"].roots.values_list("number", flat=True)) == {"57-NQ/TW", "71-NQ/TW"}
    relation.delete()
    refresh_roots()
    assert set(two_cascades["plan71"].roots.values_list("number", flat=True)) == {"71-NQ/TW"}


def test_task_and_document_lists_by_resolution(client, province, two_cascades, bearer):
    headers = bearer(province["users"]["office"])
    tasks71 = client.get("/api/v1/tasks?resolution=71", **headers).json()
    assert [t["id"] for t in tasks71["items"]] == [two_cascades["task71"].pk]
    tasks57 = client.get("/api/v1/tasks?resolution=57-NQ/TW", **headers).json()
    assert {t["id"] for t in tasks57["items"]} == {t.pk for t in province["tasks"].values()}
    assert client.get("/api/v1/tasks?resolution=66", **headers).json()["items"] == []
    docs = client.get("/api/v1/documents?resolution=71", **headers).json()
    assert {d["number"] for d in docs["items"]} == {"71-NQ/TW", "99/KH-UBND"}
    client.force_login(province["users"]["office"])
    page = client.get("/nhiem-vu/?resolution=71").content.decode()
    assert "Rà soát mạng lưới trường học" in page and "Tuyên truyền mục tiêu của tỉnh" not in page
    assert "Nghị quyết số 71-NQ/TW" in page  # the drop-down offers the root resolutions


def test_metrics_by_resolution(client, province, two_cascades, bearer):
    headers = bearer(province["users"]["office"])
    whole = client.get("/api/v1/metrics", **headers).json()["figures"]["tasks_total"]["value"]
    of71 = client.get("/api/v1/metrics?resolution=71", **headers).json()
    of57 = client.get("/api/v1/metrics?resolution=57", **headers).json()
    assert of71["figures"]["tasks_total"]["value"] == 1 and of71["resolution"] == "71"
    assert of57["figures"]["tasks_total"]["value"] == whole - 1 == 3
    assert client.get("/api/v1/metrics?resolution=%3Cx%3E", **headers).status_code == 400
    assert Document.objects.count() == 5


def test_periods_and_indicators_by_resolution(client, province, two_cascades, bearer):
    from giamsat.indicators.models import Indicator
    from giamsat.reporting.models import ReportingPeriod, ReportingRule

    for doc in (province["doc"], two_cascades["plan71"]):
        rule = ReportingRule.objects.create(document=doc, frequency="quarterly", due_day=15)
        ReportingPeriod.objects.create(rule=rule, key="2025-Q4", label="Quý IV/2025", start=dt.date(2025, 10, 1),
                                       end=dt.date(2025, 12, 15), due_date=dt.date(2025, 12, 20))
        Indicator.objects.create(code=f"CT-{doc.pk}", name=f"Chỉ tiêu của {doc.number}", document=doc)
    headers = bearer(province["users"]["office"])
    periods = client.get("/api/v1/reports/periods?resolution=71", **headers).json()["items"]
    assert len(periods) == 1 and periods[0]["document_id"] == two_cascades["plan71"].pk
    names = [i["name"] for i in client.get("/api/v1/indicators?resolution=71", **headers).json()["items"]]
    assert names == ["Chỉ tiêu của 99/KH-UBND"]
