"""The data-quality page, its API and its export (issue #16): each check counts what it says, per agency."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from giamsat.core.actors import SYSTEM

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def flawed(dash):
    from django.utils import timezone

    from giamsat.indicators.models import IndicatorValue
    from giamsat.organizations.models import Organization
    from giamsat.tasks.models import ProgressUpdate, Task
    from giamsat.tasks.services import task_create

    culture, science = dash["orgs"]["culture"], dash["orgs"]["science"]
    doc = dash["doc"]
    task_create(actor=SYSTEM, document=doc, number="20", name="Không hạn", deadline_text="", leads=[culture])
    task_create(actor=SYSTEM, document=doc, number="21", name="Không ai chủ trì", deadline_text="Năm 2026")
    task_create(actor=SYSTEM, document=doc, number="22", name="Hội nghị  chuyên đề ", deadline_text="Năm 2026",
                leads=[science])  # the same name as task 3 of the plan
    gone = Organization.objects.create(name="Sở đã giải thể", valid_to=D(2025, 12, 31))
    dissolved = task_create(actor=SYSTEM, document=doc, number="23", name="Của đơn vị giải thể",
                            deadline_text="Năm 2026", leads=[gone])
    now = timezone.now()
    ProgressUpdate.objects.create(task=dissolved, organization=gone, reported_on=D(2025, 12, 1), state="in_progress",
                                  is_lead=True, created_at=now)  # recorded 10/01/2026: 40 days back
    author = dash["users"]["focal_culture"]
    rule_due = dash["periods"]["12"].due_date  # 15/01/2026
    burst_at = timezone.make_aware(dt.datetime.combine(rule_due - dt.timedelta(days=1), dt.time(10)))
    for i in range(10):
        ProgressUpdate.objects.create(task=dash["tasks"]["culture"], organization=culture, author=author,
                                      reported_on=D(2026, 1, 10), state="in_progress", is_lead=True,
                                      created_at=burst_at + dt.timedelta(minutes=i))
    ind = dash["indicators"]["off_track"]  # VH-01, 0..100 %, baseline 2024, target 2030
    IndicatorValue.objects.create(indicator=ind, organization=culture, period="2025-Q1", period_end=D(2025, 3, 31),
                                  value=150)
    IndicatorValue.objects.create(indicator=ind, organization=culture, period="2020", period_end=D(2020, 12, 31),
                                  value=5)
    Task.objects.update()  # nothing else
    return {**dash, "gone": gone}


def test_the_checks_count_what_they_say(flawed, client, login):
    answer = login(flawed["users"]["office"]).get("/api/v1/data-quality")
    assert answer.status_code == 200
    checks = {c["key"]: c for c in answer.json()["checks"]}
    assert checks["tasks_without_deadline"]["count"] == 1
    assert checks["tasks_without_lead"]["count"] == 1
    # Done without evidence: "on_time" and "late" of the fixture (updates written with no evidence).
    assert checks["done_without_evidence"]["count"] == 2
    assert checks["dissolved_leads"]["count"] == 1
    # The fixture's own updates of 2025 were written on 10/01/2026 as well (three of them; 05/01 is within 7
    # days), and the dissolved unit's.
    assert checks["backdated_updates"]["count"] == 4
    assert checks["update_bursts"]["count"] == 1
    assert checks["indicator_values_out_of_range"]["count"] == 2
    assert checks["duplicate_tasks"]["count"] == 2
    by_org = {o["name"]: o["count"] for o in checks["done_without_evidence"]["by_organization"]}
    assert by_org == {"Sở Văn hóa, Thể thao và Du lịch": 1, "Sở Khoa học và Công nghệ": 1}
    assert {o["name"] for o in checks["tasks_without_lead"]["by_organization"]} == {"(chưa có cơ quan)"}


def test_the_page_links_each_row_and_the_export_has_them(flawed, login):
    from giamsat.tasks.models import Task

    client = login(flawed["users"]["office"])
    page = client.get("/chat-luong-du-lieu/").content.decode()
    no_lead = Task.objects.get(number="21")
    assert f'href="/nhiem-vu/{no_lead.pk}/"' in page and "Sở đã giải thể" in page
    assert "Tài khoản svhttdl: 10 cập nhật ngày 14/01/2026" in page
    book = load_workbook(io.BytesIO(client.get("/chat-luong-du-lieu/xuat.xlsx").content))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Nhiệm vụ chưa có cơ quan chủ trì"] == 1 and len(book.sheetnames) == 10


def test_the_export_names_agencies_with_their_identifiers(flawed, login):
    """Issue #18: the data-quality XLSX carries Organization.codes per agency and on each row."""
    from giamsat.organizations.models import Organization

    culture = flawed["orgs"]["culture"]
    Organization.objects.filter(pk=culture.pk).update(identifier_code="H39.12", admin_unit_code="")
    client = login(flawed["users"]["office"])
    book = load_workbook(io.BytesIO(client.get("/chat-luong-du-lieu/xuat.xlsx").content))
    agencies = list(book["Theo cơ quan"].iter_rows(values_only=True))
    assert agencies[0][:2] == ("Cơ quan", "Mã định danh / mã ĐVHC")
    assert {r[0]: r[1] for r in agencies[1:]}[culture.name] == "H39.12"
    rows = list(book["Hoàn thành nhưng không có minh chứng"[:31]].iter_rows(values_only=True))
    assert rows[0][:2] == ("Cơ quan", "Mã định danh / mã ĐVHC")
    assert {r[0]: r[1] for r in rows[1:]}[culture.name] == "H39.12"


def test_agencies_may_not_open_it(flawed, login):
    client = login(flawed["users"]["focal_culture"])
    assert client.get("/chat-luong-du-lieu/").status_code == 403
    assert client.get("/api/v1/data-quality").status_code == 403
