"""Three alert levels (issue #16): the rule, the same rule in SQL, the API field, lists, the exception board,
the office's rule page."""

import datetime as dt
from types import SimpleNamespace

import pytest

from giamsat.core.actors import SYSTEM
from giamsat.tasks.alerts import alert_level

D = dt.date
TODAY = D(2026, 1, 10)
RULE = SimpleNamespace(yellow_days=3, special_red_days=3)


@pytest.mark.parametrize("code,due,product,level", [
    ("in_progress", D(2026, 1, 14), False, "none"),
    ("in_progress", D(2026, 1, 13), False, "yellow"),
    ("not_started", D(2026, 1, 11), False, "yellow"),
    ("in_progress", D(2026, 1, 11), True, "none"),  # a product is reported: no reminder
    ("in_progress", D(2026, 1, 10), True, "red"),  # the deadline has come
    ("overdue", D(2026, 1, 8), False, "red"),
    ("overdue", D(2026, 1, 7), True, "special_red"),  # 3 days overdue
    ("not_reported", D(2026, 1, 10), False, "red"),
    ("done_late", D(2025, 1, 1), False, "none"),
    ("paused", D(2025, 1, 1), False, "none"),
    ("not_started", None, False, "none"),
])
def test_the_rule(code, due, product, level):
    assert alert_level(code, due, has_product=product, today=TODAY, rule=RULE) == level


@pytest.fixture
def alerted(dash):
    from giamsat.tasks.models import ProgressUpdate, Task
    from giamsat.tasks.services import task_create

    culture = dash["orgs"]["culture"]
    made = {}
    for key, due in {"yellow": D(2026, 1, 12), "red": D(2026, 1, 10), "red2": D(2026, 1, 8),
                     "evidenced": D(2026, 1, 12)}.items():
        made[key] = task_create(actor=SYSTEM, document=dash["doc"], number=key, name=f"Cảnh báo {key}",
                                deadline_text=f"{due:%d/%m/%Y}", leads=[culture])
    update = ProgressUpdate.objects.create(task=made["evidenced"], organization=culture, reported_on=D(2026, 1, 5),
                                           state="in_progress", is_lead=True)
    update.evidence.create(link="https://laichau.gov.vn/san-pham")
    return {**dash, "alerted": made, "all": Task.objects.all()}


@pytest.mark.django_db
def test_sql_and_python_agree_and_metrics_count_them(alerted, login):
    from giamsat.metrics.selectors import task_figures
    from giamsat.tasks.selectors import tasks_with_status

    shown = {t.pk: t.alert for t in tasks_with_status(alerted["all"])}
    made = alerted["alerted"]
    assert [shown[made[k].pk] for k in ("yellow", "red", "red2", "evidenced")] == ["yellow", "red", "red", "none"]
    assert shown[alerted["tasks"]["overdue"].pk] == "special_red"  # due 31/12/2025, 10 days late
    figures = task_figures(alerted["all"], TODAY)
    for level in ("yellow", "red", "special_red"):
        assert figures[f"tasks_alert_{level}"] == sum(1 for a in shown.values() if a == level), level
    past = task_figures(alerted["all"], D(2026, 1, 9))  # computed in memory: the same rule
    assert (past["tasks_alert_red"], past["tasks_alert_yellow"]) == (1, 2)


@pytest.mark.django_db
def test_api_task_objects_carry_the_alert(alerted, client, bearer):
    answer = client.get("/api/v1/tasks", {"limit": 100}, **bearer(alerted["users"]["office"]))
    alerts = {item["id"]: item["alert"] for item in answer.json()["items"]}
    assert alerts[alerted["alerted"]["yellow"].pk] == "yellow"
    assert alerts[alerted["tasks"]["overdue"].pk] == "special_red"
    assert set(alerts.values()) <= {"none", "yellow", "red", "special_red"}
    one = client.get(f"/api/v1/tasks/{alerted['alerted']['red'].pk}", **bearer(alerted["users"]["office"]))
    assert one.json()["alert"] == "red"


@pytest.mark.django_db
def test_the_exception_board_and_the_marks(alerted, login):
    from giamsat.documents.models import Document

    Document.objects.filter(pk=alerted["program"].pk).update(issuer=alerted["orgs"]["ubnd"])
    client = login(alerted["users"]["office"])
    page = client.get("/nhiem-vu/ngoai-le/").content.decode()
    assert "Cảnh báo red2" in page and "Cảnh báo yellow" not in page and "Cảnh báo evidenced" not in page
    assert "Cảnh báo đỏ" in page and "Đỏ đặc biệt" in page
    assert "Sở VHTTDL" in page and "Chưa có sản phẩm" in page and "Lãnh đạo cơ quan chủ trì" in page
    # Special red: the level that assigned the task, the issuer of its document, decides.
    assert "Cấp giao nhiệm vụ: Ủy ban nhân dân tỉnh Lai Châu" in page
    special = client.get("/nhiem-vu/ngoai-le/", {"muc": "special_red"}).context["page"].object_list
    assert [t.name for t in special] == ["Nhiệm vụ overdue"] and special[0].days_late == 10
    listing = client.get("/nhiem-vu/").content.decode()
    assert 'class="badge alert-yellow"' in listing and 'class="badge alert-special_red"' in listing
    assert "Cảnh báo đỏ đặc biệt" in client.get("/bang-dieu-khien/").content.decode()
    agency = login(alerted["users"]["focal_science"]).get("/nhiem-vu/ngoai-le/").content.decode()
    assert "Cảnh báo red2" not in agency and "Nhiệm vụ overdue" not in agency  # not its tasks


@pytest.mark.django_db
def test_the_office_edits_the_rule(alerted, login):
    from giamsat.tasks.models import AlertRule, Task
    from giamsat.tasks.selectors import tasks_with_status

    client = login(alerted["users"]["office"])
    assert client.post("/canh-bao/quy-tac/", {"yellow_days": "x", "special_red_days": "3"}).status_code == 400
    assert not AlertRule.objects.exists()
    assert client.post("/canh-bao/quy-tac/", {"yellow_days": "15", "special_red_days": "30"}).status_code == 302
    def alert(key):
        return tasks_with_status([Task.objects.get(pk=alerted["tasks"][key].pk)])[0].alert

    assert alert("soon") == "yellow"  # due 20/01/2026, no product: 10 days ≤ 15
    assert alert("overdue") == "red"  # 10 days late < 30
    assert login(alerted["users"]["focal_culture"]).post(
        "/canh-bao/quy-tac/", {"yellow_days": "1", "special_red_days": "1"}).status_code == 403
