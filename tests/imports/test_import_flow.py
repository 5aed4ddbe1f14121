"""Upload → review → commit, through the pages and the API, on the seed plan and on bad input."""

import io
import zipfile

import pytest

from giamsat.core.actors import SYSTEM
from giamsat.documents.models import Document
from giamsat.imports.models import ImportJob
from giamsat.organizations.services import organization_group_create
from tests.conftest import DEMO_SAMPLES

pytestmark = pytest.mark.django_db

SEEDS = DEMO_SAMPLES
SEED_001 = SEEDS / "001_e52419797d7d93ee.txt"


@pytest.fixture
def groups(province):
    orgs = province["orgs"]
    organization_group_create(name="Các sở, ban, ngành", phrases=["Các sở, ban, ngành, đơn vị liên quan"],
                              members=[orgs["culture"], orgs["science"]])


def _upload(client, name, data):
    return client.post("/nhap-van-ban/moi/", {"file": (io.BytesIO(data), name)}, format="multipart")


def test_agencies_cannot_import(client, province):
    client.force_login(province["users"]["focal_culture"])
    response = client.post("/nhap-van-ban/moi/", {"file": io.BytesIO(b"x")})
    assert response.status_code == 403
    assert client.get("/nhap-van-ban/").status_code == 403


def test_page_flow_extract_review_commit(client, province, groups):
    client.force_login(province["users"]["office"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/nhap-van-ban/moi/", {"file": SimpleUploadedFile("ke-hoach.txt", SEED_001.read_bytes())})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/nhap-van-ban/{job.pk}/"
    assert (
        Document.objects.filter(tasks__isnull=False).distinct().count() == 1
    )  # only the fixture's plan: nothing written yet
    page = client.get(f"/nhap-van-ban/{job.pk}/").content.decode()
    assert "Sở Văn hóa, Thể thao và Du lịch" in page and "Thường xuyên trong năm 2025" in page
    appendix = [t for t in job.proposal["tasks"] if t["source"] == "appendix"]
    assert len(appendix) == 19
    # The reviewer keeps only the appendix tasks, fixes a number and a title, and commits.
    post = {
        "action": "commit",
        "doc-type": "Kế hoạch",
        "doc-number": "2700/KH-UBND",
        "doc-date": "2025-06-20",
        "doc-issuer": "UBND tỉnh",
        "doc-title": "Kế hoạch tuyên truyền Nghị quyết 57-NQ/TW",
    }
    for i, task in enumerate(job.proposal["tasks"]):
        post[f"task-{i}-name"] = task["name"]
        post[f"task-{i}-no"] = task["no"]
        post[f"task-{i}-deadline_text"] = task["deadline_text"]
        post[f"task-{i}-lead"] = "\n".join(task["lead"])
        post[f"task-{i}-coordinators"] = "\n".join(task["coordinators"])
        if task["source"] == "appendix":
            post[f"task-{i}-include"] = "on"
    for i, (phrase, choice) in enumerate(job.proposal["agencies"].items()):
        post[f"agency-{i}-phrase"] = phrase
        post[f"agency-{i}-choice"] = (
            f"org:{choice['id']}"
            if choice["kind"] == "organization"
            else f"group:{choice['id']}"
            if choice["kind"] == "group"
            else ""
        )
    response = client.post(f"/nhap-van-ban/{job.pk}/", post)
    doc = Document.objects.get(title="Kế hoạch tuyên truyền Nghị quyết 57-NQ/TW")
    assert response.status_code == 302 and response["Location"] == f"/van-ban/{doc.pk}/"
    assert doc.number == "2700/KH-UBND" and doc.tasks.count() == 19
    task2 = doc.tasks.get(number="2")
    assert task2.recurring and task2.due_date.isoformat() == "2025-12-31"
    assert set(task2.assignments.filter(role="lead").values_list("organization__code", flat=True)) == {"svhttdl"}
    job.refresh_from_db()
    assert job.state == "committed" and job.document == doc
    # Committing again is refused; the same file again is flagged as a duplicate.
    assert client.post(f"/nhap-van-ban/{job.pk}/", post).status_code == 302
    assert Document.objects.filter(title=doc.title).count() == 1
    from django.core.files.uploadedfile import SimpleUploadedFile as F

    client.post("/nhap-van-ban/moi/", {"file": F("lai.txt", SEED_001.read_bytes())})
    assert ImportJob.objects.order_by("-id").first().duplicate_of == doc


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("rong.txt", b"", ""),
        ("hong.docx", b"PK\x03\x04 this is not a real zip", ""),
        ("la.bin", bytes(range(256)) * 4, ""),
    ],
)
def test_bad_files_get_a_message_and_write_nothing(client, province, name, data, fragment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(province["users"]["office"])
    before = (Document.objects.count(), ImportJob.objects.count())
    response = client.post("/nhap-van-ban/moi/", {"file": SimpleUploadedFile(name, data)}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="error"' in text
    assert (Document.objects.count(), ImportJob.objects.count()) == before


def test_zip_bomb_disguised_as_docx_is_refused(client, province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"0" * (300 * 1024 * 1024))
    client.force_login(province["users"]["office"])
    response = client.post("/nhap-van-ban/moi/", {"file": SimpleUploadedFile("bom.docx", buf.getvalue())}, follow=True)
    assert 'class="error"' in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_oversize_upload_is_refused(client, province, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.GIAMSAT_MAX_UPLOAD_BYTES = 1000
    client.force_login(province["users"]["office"])
    response = client.post(
        "/nhap-van-ban/moi/", {"file": SimpleUploadedFile("to.txt", SEED_001.read_bytes())}, follow=True
    )
    assert "quá lớn" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_api_import_and_commit(client, province, bearer, groups):
    headers = bearer(province["users"]["office"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    created = client.post("/api/v1/imports", {"file": SimpleUploadedFile("kh.txt", SEED_001.read_bytes())}, **headers)
    assert created.status_code == 201, created.content
    job = created.json()
    assert len(job["extraction"]["tasks"]) >= 19 and job["state"] == "review"
    assert client.post("/api/v1/imports", {"file": SimpleUploadedFile("kh.txt", b"")}, **headers).status_code == 400
    committed = client.post(f"/api/v1/imports/{job['id']}/commit", "{}", content_type="application/json", **headers)
    assert committed.status_code == 201, committed.content
    assert Document.objects.get(pk=committed.json()["id"]).tasks.count() >= 19
    agency = bearer(province["users"]["focal_culture"])
    assert client.get("/api/v1/imports", **agency).status_code == 403
    assert client.get(f"/api/v1/imports/{job['id']}", **agency).status_code == 403


def test_citation_links_a_draft_registered_without_number_and_gives_it_its_number(province, groups):
    """Seed 001 is a draft ('Số: /KH-UBND'); seed 000 cites it as 2653/KH-UBND of 06/06/2025."""
    from giamsat.imports.services import import_file_auto

    province["doc"].delete()  # the fixture already holds a plan numbered 2653/KH-UBND
    draft = import_file_auto(path=SEED_001, user=SYSTEM, overrides={"issuer": "UBND tỉnh Lai Châu"})
    assert draft.number == ""
    dispatch = import_file_auto(path=SEEDS / "000_760c6858ad5ad232.txt", user=SYSTEM)
    relation = dispatch.relations_out.get(cited_number="2653/KH-UBND")
    assert relation.target == draft and relation.kind == "based_on"
    draft.refresh_from_db()
    assert draft.number == "2653/KH-UBND" and draft.date.isoformat() == "2025-06-06"


def test_review_edits_targets_rules_and_creates_unknown_agencies(client, province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from giamsat.indicators.models import Indicator
    from giamsat.organizations.models import Organization
    from giamsat.reporting.models import ReportingRule

    client.force_login(province["users"]["office"])
    seed_002 = SEEDS / "002_150f1546667a957e.txt"
    client.post("/nhap-van-ban/moi/", {"file": SimpleUploadedFile("ctr.txt", seed_002.read_bytes())})
    job = ImportJob.objects.get()
    targets = job.proposal["targets"]
    assert any(t["value"] == 37.6 and t["comparator"] == ">=" and t["year"] == 2030 for t in targets)
    base = {"doc-number": "63-CTr/TU", "doc-date": "2025-02-27", "doc-type": "Chương trình hành động"}
    # A target value that is not a number is refused; nothing is written.
    bad = {
        **base,
        "action": "commit",
        "target-0-seen": "1",
        "target-0-include": "on",
        "target-0-value": "ba mươi",
        "target-0-comparator": ">=",
        "target-0-unit": "%",
        "target-0-year": "2030",
    }
    response = client.post(f"/nhap-van-ban/{job.pk}/", bad, follow=True)
    assert "phải là số" in response.content.decode()
    assert not Document.objects.filter(number="63-CTr/TU").exists()
    # Keep one target with a corrected value, add one, add a rule, and create an unknown agency on the spot.
    post = {**base, "action": "commit"}
    for i, _ in enumerate(targets):
        post[f"target-{i}-seen"] = "1"
    post.update(
        {
            "target-0-include": "on",
            "target-0-value": "37,6",
            "target-0-comparator": ">=",
            "target-0-unit": "%",
            "target-0-year": "2030",
            "new-target-text": "Số doanh nghiệp khởi nghiệp sáng tạo",
            "new-target-value": "50",
            "new-target-comparator": ">=",
            "new-target-unit": "doanh nghiệp",
            "new-target-year": "2030",
            "new-rule-period": "quarterly",
            "new-rule-due_day": "20",
            "new-rule-to": "Sở KH&CN",
        }
    )
    phrases = list(job.proposal["agencies"])
    for i, phrase in enumerate(phrases):
        post[f"agency-{i}-phrase"] = phrase
        post[f"agency-{i}-choice"] = "new" if phrase == "Ủy ban Kiểm tra Tỉnh ủy" else ""
    assert "Ủy ban Kiểm tra Tỉnh ủy" in phrases
    response = client.post(f"/nhap-van-ban/{job.pk}/", post)
    doc = Document.objects.get(number="63-CTr/TU")
    assert response.status_code == 302
    indicators = Indicator.objects.filter(document=doc)
    assert indicators.count() == 2
    assert {float(t.value) for i in indicators for t in i.targets.all()} == {37.6, 50.0}
    quarterly = ReportingRule.objects.get(document=doc, frequency="quarterly")
    assert quarterly.due_day == 20 and quarterly.recipient == province["orgs"]["science"]
    created = Organization.objects.get(name="Ủy ban Kiểm tra Tỉnh ủy")
    assert doc.tasks.filter(assignments__organization=created).exists()


def test_citations_are_linked_when_the_cited_document_arrives_later(province, groups):
    from giamsat.imports.services import import_file_auto

    province["doc"].delete()
    dispatch = import_file_auto(path=SEEDS / "000_760c6858ad5ad232.txt", user=SYSTEM)
    relation = dispatch.relations_out.get(cited_number="2653/KH-UBND")
    assert relation.target is None
    plan = import_file_auto(path=SEED_001, user=SYSTEM, overrides={"number": "2653/KH-UBND", "date": "2025-06-06"})
    relation.refresh_from_db()
    assert relation.target == plan
