"""The reporting lists' FilterSets (ADR 0021): reports, periods and reminders. Each filter narrows as it
says, a value it cannot use is refused, and the reminder log page and the API give the same rows."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminders(province, cycle):
    from giamsat.reporting.models import Reminder

    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    period = cycle["periods"]["2025-12"]
    made = {
        "culture_overdue": Reminder(period=period, organization=culture, kind="overdue"),
        "science_overdue": Reminder(period=period, organization=science, kind="overdue"),
        "science_before": Reminder(period=cycle["period"], organization=science, kind="before"),
        "science_task": Reminder(task=province["tasks"]["science"], organization=science, kind="escalation"),
    }
    for reminder in made.values():
        reminder.channel, reminder.message = "in_app", "Đề nghị gửi báo cáo"
        reminder.save()
    return made


def _keys(qs, named) -> set[str]:
    names = {obj.pk: key for key, obj in named.items()}
    return {names[pk] for pk in qs.values_list("pk", flat=True)}


def test_each_report_filter_narrows(province, cycle, rule):
    from giamsat.reporting.filters import ReportFilterSet
    from giamsat.reporting.selectors import report_list
    from giamsat.reporting.services import report_get_or_create_draft

    draft = report_get_or_create_draft(user=cycle["head_science"], period=cycle["period"])
    older = report_get_or_create_draft(user=province["users"]["focal_culture"],
                                       period=cycle["periods"]["2025-12"])
    named = {"sent": cycle["report"], "draft": draft, "older": older}
    office = province["users"]["office"]

    def keys(data):
        return _keys(ReportFilterSet.narrow(report_list(office), data), named)

    assert keys({}) == {"sent", "draft", "older"}
    assert keys({"period": cycle["period"].pk}) == {"sent", "draft"}
    assert keys({"organization": province["orgs"]["culture"].pk}) == {"sent", "older"}
    assert keys({"state": "sent"}) == {"sent"}
    assert keys({"state": "draft", "period": cycle["period"].pk}) == {"draft"}
    assert keys({"document": province["doc"].pk}) == {"sent", "draft", "older"}
    assert keys({"document": province["doc"].pk + 1000}) == set()
    api = {r["id"] for r in _get(province, "/api/v1/reports", {"state": "draft"})["items"]}
    assert api == {draft.pk, older.pk}


def test_each_period_filter_narrows(province, cycle, rule):
    from giamsat.reporting.filters import PeriodFilterSet
    from giamsat.reporting.selectors import period_list

    periods = cycle["periods"]
    office = province["users"]["office"]

    def keys(data):
        return _keys(PeriodFilterSet.narrow(period_list(office), data), periods)

    assert keys({}) == set(periods)
    assert keys({"rule": rule.pk}) == keys({"document": province["doc"].pk}) == set(periods)
    assert keys({"rule": rule.pk + 1000}) == set()
    assert keys({"key": "2025-12"}) == {"2025-12"}
    open_keys = {k for k, p in periods.items() if not p.is_closed}
    assert keys({"open_only": "true"}) == open_keys != set(periods)
    assert keys({"open_only": "false"}) == set(periods)
    api = {p["key"] for p in _get(province, "/api/v1/reports/periods", {"open_only": "true"})["items"]}
    assert api == open_keys


def test_each_reminder_filter_narrows(province, reminders):
    from giamsat.reporting.filters import ReminderFilterSet
    from giamsat.reporting.selectors import reminder_list

    office = province["users"]["office"]

    def keys(data):
        return _keys(ReminderFilterSet.narrow(reminder_list(office), data), reminders)

    science = province["orgs"]["science"].pk
    assert keys({}) == set(reminders)
    assert keys({"kind": "overdue"}) == {"culture_overdue", "science_overdue"}
    assert keys({"organization": science}) == {"science_overdue", "science_before", "science_task"}
    assert keys({"period": reminders["science_before"].period_id}) == {"science_before"}
    assert keys({"task": province["tasks"]["science"].pk}) == {"science_task"}
    assert keys({"kind": "overdue", "organization": science}) == {"science_overdue"}


REFUSED = [
    ("/api/v1/reports", {"state": "lost"}, "state"),
    ("/api/v1/reports", {"period": "abc"}, "period"),
    ("/api/v1/reports/periods", {"rule": str(2**70)}, "rule"),
    ("/api/v1/reports/reminders", {"kind": "shout"}, "kind"),
]


def test_values_they_cannot_use_are_refused(province, reminders, login, client, bearer):
    headers = bearer(province["users"]["office"])
    for url, data, field in REFUSED:
        answer = client.get(url, data, **headers)
        assert answer.status_code == 422 and answer.json()["code"] == "validation", (url, data)
        assert field in str(answer.json()), (url, data)
    page = login(province["users"]["office"]).get("/bao-cao/don-doc/", {"kind": "shout"})
    assert page.status_code == 400 and "Hãy chọn một lựa chọn hợp lệ" in page.content.decode()
    assert not page.context["page"].object_list


@pytest.mark.parametrize("role", ["office", "focal_culture"])
def test_the_reminder_page_and_the_api_give_the_same_rows(province, reminders, login, client, bearer, role):
    user = province["users"][role]
    headers = bearer(user)
    science, culture = province["orgs"]["science"].pk, province["orgs"]["culture"].pk
    for data in ({}, {"kind": "overdue"}, {"organization": science}, {"organization": culture},
                 {"task": province["tasks"]["science"].pk}):
        api = client.get("/api/v1/reports/reminders", data, **headers).json()
        page = login(user).get("/bao-cao/don-doc/", data)
        assert page.status_code == 200
        assert {r.pk for r in page.context["page"].object_list} == {r["id"] for r in api["items"]}, data


def test_the_reminder_page_shows_its_two_filters_and_keeps_a_linked_task(province, reminders, login):
    html = login(province["users"]["office"]).get(
        "/bao-cao/don-doc/", {"task": province["tasks"]["science"].pk}).content.decode()
    form = re.search(r'<form class="filters".*?</form>', html, re.S).group(0)
    assert re.findall(r'<select name="([^"]+)"', form) == ["kind", "organization"]
    assert f'<input type="hidden" name="task" value="{province["tasks"]["science"].pk}"' in form


def _get(province, url, data):
    from django.test import Client

    client = Client()
    client.force_login(province["users"]["office"])
    return client.get(url, data).json()
