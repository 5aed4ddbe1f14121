"""Who may open each reporting page and API operation; agencies see and change only their own reports.

Which roles may use each route is the route table's (giamsat.accounts.routes, walked by
tests/web/test_routes.py); these tests follow the reporting cycle through it.
"""

import json

import pytest
from django.urls import reverse

from giamsat.reporting.models import Report

pytestmark = pytest.mark.django_db

ROLES = ["admin", "office", "focal_culture", "head_culture", "focal_science", "leader", "inspector"]
AGENCY = {"focal_culture", "head_culture", "focal_science"}
READ_ALL = {"admin", "office", "leader", "inspector"}
MANAGERS = {"admin", "office"}
AGGREGATE = {"admin", "office", "leader"}




def test_anonymous_is_sent_to_login(client, cycle):
    for name, args in [
        ("reporting:mine", []),
        ("reporting:report", [cycle["report"].pk]),
        ("reporting:board", []),
        ("reporting:reminders", []),
        ("reporting:calendar", []),
        ("reporting:aggregate", []),
        ("reporting:notifications", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], name
    assert client.get("/api/v1/reports").status_code == 401


def test_list_pages_and_report_page_by_role(client, province, cycle):
    report_url = reverse("reporting:report", args=[cycle["report"].pk])
    for role in ROLES:
        client.force_login(province["users"][role])
        expected = {
            reverse("reporting:mine"): 200 if role in AGENCY else 302,
            reverse("reporting:board"): 200 if role in READ_ALL else 403,
            reverse("reporting:reminders"): 200,
            reverse("reporting:calendar"): 200,
            reverse("reporting:aggregate"): 200 if role in AGGREGATE else 403,
            reverse("reporting:notifications"): 200,
            # Sở VHTTDL's report: its own users and the read-all roles; Sở KH&CN does not learn it exists.
            report_url: 404 if role == "focal_science" else 200,
        }
        for url, code in expected.items():
            response = client.get(url)
            assert response.status_code == code, (role, url)
            if code == 403:
                assert "Không có quyền truy cập" in response.content.decode()
        if role not in AGENCY:
            assert client.get(reverse("reporting:mine"))["Location"] == reverse("reporting:board")


def test_recipient_sees_sent_reports_but_not_drafts(client, province, cycle):
    """The provincial office receives the reports: an agency user of it sees what was sent, never drafts."""
    from giamsat.accounts.models import User
    from giamsat.reporting.services import report_get_or_create_draft

    clerk = User.objects.create(username="vp-dau-moi", role="focal", organization=province["orgs"]["office"])
    draft = report_get_or_create_draft(user=province["users"]["focal_science"], period=cycle["period"])
    client.force_login(clerk)
    assert client.get(reverse("reporting:report", args=[cycle["report"].pk])).status_code == 200
    assert client.get(reverse("reporting:report", args=[draft.pk])).status_code == 404
    page = client.get(reverse("reporting:mine")).content.decode()
    assert "Báo cáo các đơn vị gửi đến" in page and f"/bao-cao/{cycle['report'].pk}/" in page
    # ... and cannot change what it received.
    assert (
        client.post(reverse("reporting:report", args=[cycle["report"].pk]), {"lock_version": 0}).status_code
        == 403
    )


def test_agency_cannot_post_on_another_agency_report(client, province, periods, head_science):
    from giamsat.reporting.services import report_get_or_create_draft

    report = report_get_or_create_draft(user=province["users"]["focal_culture"], period=periods["2026-01"])
    client.force_login(province["users"]["focal_science"])
    url = reverse("reporting:report", args=[report.pk])
    assert client.post(url, {"results": "chen ngang", "lock_version": 0}).status_code == 404
    client.force_login(head_science)
    assert client.post(reverse("reporting:report_approve", args=[report.pk])).status_code == 404
    assert client.post(reverse("reporting:report_send", args=[report.pk])).status_code == 404
    client.force_login(province["users"]["leader"])
    assert client.post(url, {"results": "lãnh đạo sửa", "lock_version": 0}).status_code == 403
    report.refresh_from_db()
    assert report.lock_version == 0 and report.state == "draft"


def test_agency_pages_walk_the_whole_cycle(client, province, periods):
    users = province["users"]
    jan = periods["2026-01"]
    client.force_login(users["focal_culture"])
    mine = client.get(reverse("reporting:mine")).content.decode()
    assert "Tháng 01/2026" in mine and "15/01/2026" in mine and "Lập báo cáo" in mine
    response = client.post(reverse("reporting:report_draft", args=[jan.pk]))
    report = Report.objects.get(period=jan, organization=province["orgs"]["culture"])
    assert response.status_code == 302 and response["Location"] == reverse(
        "reporting:report", args=[report.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert (
        "Không phát sinh." in page and "Lưu" in page and "Duyệt báo cáo" not in page
    )  # focal points do not approve
    saved = client.post(
        response["Location"],
        {
            "results": "Đã đăng 15 tin, bài.",
            "shortcomings": "",
            "next_tasks": "",
            "proposals": "",
            "lock_version": report.lock_version,
        },
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.results == "Đã đăng 15 tin, bài." and report.lock_version == 1
    # A focal point cannot approve, even by posting.
    assert client.post(reverse("reporting:report_approve", args=[report.pk])).status_code == 403
    client.force_login(users["head_culture"])
    assert "Duyệt báo cáo" in client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    client.post(reverse("reporting:report_approve", args=[report.pk]), {"lock_version": report.lock_version})
    client.post(reverse("reporting:report_send", args=[report.pk]), {"lock_version": report.lock_version + 1})
    report.refresh_from_db()
    assert report.state == "sent" and not report.is_late
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "Đúng hạn" in page and "Lập bản đính chính" in page and "<textarea" not in page
    response = client.post(reverse("reporting:report_correct", args=[report.pk]))
    correction = Report.objects.get(period=jan, organization=province["orgs"]["culture"], version=2)
    assert response["Location"] == reverse("reporting:report", args=[correction.pk])


def test_stale_page_save_shows_the_conflict_and_keeps_both_texts(client, province, periods):
    from giamsat.audit.context import acting_as
    from giamsat.reporting.services import report_get_or_create_draft, report_update

    users = province["users"]
    report = report_get_or_create_draft(user=users["focal_culture"], period=periods["2026-01"])
    with acting_as(users["head_culture"], "web"):
        report_update(
            user=users["head_culture"], report=report, lock_version=0, proposals="Đề xuất của lãnh đạo"
        )
    client.force_login(users["focal_culture"])
    response = client.post(
        reverse("reporting:report", args=[report.pk]),
        {
            "results": "Văn bản tôi vừa gõ",
            "shortcomings": "",
            "next_tasks": "",
            "proposals": "",
            "lock_version": 0,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Báo cáo đã được người khác thay đổi" in page
        and "Đề xuất của lãnh đạo" in page
        and "ld-svhttdl" in page
    )
    assert "Văn bản tôi vừa gõ" in page  # what the user typed is still in the form
    assert 'name="lock_version" value="1"' in page
    report.refresh_from_db()
    assert report.proposals == "Đề xuất của lãnh đạo" and report.results == "Không phát sinh."


def test_closed_period_page_refuses_with_a_message(client, province, periods):
    client.force_login(province["users"]["focal_culture"])
    response = client.post(reverse("reporting:report_draft", args=[periods["2025-11"].pk]), follow=True)
    assert "đã khóa sổ" in response.content.decode()
    assert not Report.objects.filter(period=periods["2025-11"]).exists()


def test_manager_actions(client, province, periods):
    nov = periods["2025-11"]
    for role in ROLES:
        client.force_login(province["users"][role])
        ok = role in MANAGERS
        assert client.post(reverse("reporting:period_open")).status_code == (302 if ok else 403), role
        assert client.post(reverse("reporting:period_reopen", args=[nov.pk]), {"until": ""}).status_code == (
            302 if ok else 403
        ), role
        nov.refresh_from_db()
        assert nov.is_closed is not ok, role
        assert client.post(reverse("reporting:period_close", args=[nov.pk])).status_code == (
            302 if ok else 403
        )
        nov.refresh_from_db()
        assert nov.is_closed, role
        assert client.post(reverse("reporting:remind_run")).status_code == (302 if ok else 403), role


def test_reopen_with_a_bad_date_changes_nothing(client, province, periods):
    client.force_login(province["users"]["office"])
    nov = periods["2025-11"]
    response = client.post(
        reverse("reporting:period_reopen", args=[nov.pk]), {"until": "31/02/2026"}, follow=True
    )
    assert "Ngày không hợp lệ" in response.content.decode()
    nov.refresh_from_db()
    assert nov.is_closed


def test_board_and_calendar_content(client, province, cycle):
    client.force_login(province["users"]["office"])
    board = client.get(reverse("reporting:board")).content.decode()
    assert "Sở VHTTDL" in board and "Sở KH&amp;CN" in board and "Tháng 01/2026" in board
    assert "Đúng hạn" in board and "Chưa gửi – quá hạn" in board and "s-overdue" in board
    calendar = client.get(reverse("reporting:calendar")).content.decode()
    assert (
        "15/01/2026" in calendar and "1/2" in calendar and "Tháng 02/2026" in calendar
    )  # the next one, not yet open
    client.force_login(province["users"]["focal_science"])
    calendar = client.get(reverse("reporting:calendar")).content.decode()
    assert "Đơn vị chưa gửi" in calendar and "Khóa sổ" not in calendar


def _count_queries(client, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_list_pages_do_not_grow_queries_with_rows(client, province, cycle, django_assert_max_num_queries):
    """No N+1: the same number of queries with 2 or 8 reporting organizations and their reports."""
    from giamsat.accounts.models import User
    from giamsat.organizations.services import organization_create
    from giamsat.reporting.services import report_approve, report_get_or_create_draft, report_send
    from giamsat.tasks.services import task_assign

    client.force_login(province["users"]["office"])
    urls = [
        reverse("reporting:board"),
        reverse("reporting:calendar"),
        reverse("reporting:reminders"),
        "/api/v1/reports",
        "/api/v1/reports/periods",
        "/api/v1/reports/reminders",
    ]
    client.get(urls[0])  # the session's expiry is written at most once a minute: not part of the count
    before = [_count_queries(client, django_assert_max_num_queries, url, 40) for url in urls]
    for i in range(6):
        org = organization_create(name=f"Sở thử {i}", code=f"so-thu-{i}", kind="department")
        task_assign(task=province["tasks"]["both"], organizations=[org], role="lead")
        head = User.objects.create(username=f"ld-thu-{i}", role="head", organization=org)
        report = report_get_or_create_draft(user=head, period=cycle["period"])
        report_send(user=head, report=report_approve(user=head, report=report))
    client.get(urls[0])  # the reports arriving notified the office: its unread count is read again once
    after = [_count_queries(client, django_assert_max_num_queries, url, 40) for url in urls]
    assert after == before, list(zip(urls, before, after, strict=True))
    client.force_login(province["users"]["focal_culture"])
    assert _count_queries(client, django_assert_max_num_queries, reverse("reporting:mine"), 40) <= 40


# ------------------------------------------------------------------------------------------------ API


def _json(client, method, url, headers, body=None):
    data = json.dumps(body) if body is not None else None
    return (
        getattr(client, method)(url, data, content_type="application/json", **headers)
        if data
        else getattr(client, method)(url, **headers)
    )


def test_api_lists_are_scoped(client, province, cycle, bearer):
    users = province["users"]
    report = cycle["report"]
    culture = client.get("/api/v1/reports", **bearer(users["focal_culture"])).json()
    assert [r["id"] for r in culture["items"]] == [report.pk]
    assert (
        culture["items"][0]["submission"] == "on_time" and culture["items"][0]["period"]["key"] == "2026-01"
    )
    assert client.get("/api/v1/reports", **bearer(users["focal_science"])).json()["items"] == []
    assert client.get(f"/api/v1/reports/{report.pk}", **bearer(users["focal_science"])).status_code == 404
    assert client.get(f"/api/v1/reports/{report.pk}", **bearer(users["inspector"])).status_code == 200
    office = client.get("/api/v1/reports", **bearer(users["office"])).json()
    assert office["count"] == 1
    periods = client.get(
        "/api/v1/reports/periods", {"open_only": "true"}, **bearer(users["focal_science"])
    ).json()
    assert {p["key"] for p in periods["items"]} == {"2025-12", "2026-01"}
    jan = cycle["period"].pk
    subs = client.get(f"/api/v1/reports/periods/{jan}/submissions", **bearer(users["leader"])).json()
    assert {(s["organization"]["short_name"], s["status"]) for s in subs} == {
        ("Sở VHTTDL", "on_time"),
        ("Sở KH&CN", "pending"),
    }
    assert (
        client.get(f"/api/v1/reports/periods/{jan}/submissions", **bearer(users["focal_culture"])).status_code
        == 403
    )


def test_api_cycle_with_conflict_and_refusals(client, province, periods, bearer, head_science):
    users = province["users"]
    jan = periods["2026-01"].pk
    focal = bearer(users["focal_culture"])
    assert (
        _json(client, "post", f"/api/v1/reports/periods/{jan}/draft", bearer(users["leader"]), {}).status_code
        == 403
    )
    draft = _json(client, "post", f"/api/v1/reports/periods/{jan}/draft", focal, {})
    assert draft.status_code == 200
    report = draft.json()
    assert (
        report["state"] == "draft"
        and report["results"] == "Không phát sinh."
        and report["submission"] == "pending"
    )
    url = f"/api/v1/reports/{report['id']}"
    ok = _json(client, "put", url, focal, {"lock_version": 0, "results": "Đã đăng 15 tin, bài."})
    assert ok.status_code == 200 and ok.json()["lock_version"] == 1
    stale = _json(client, "put", url, focal, {"lock_version": 0, "results": "Bản cũ"})
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict" and body["lock_version"] == 1
    assert [c["field"] for c in body["changes"]] == ["results"] and body["changes"][0][
        "value"
    ] == "Đã đăng 15 tin, bài."
    assert (
        _json(
            client, "put", url, bearer(users["focal_science"]), {"lock_version": 1, "results": "x"}
        ).status_code
        == 404
    )
    assert (
        _json(client, "put", url, bearer(users["office"]), {"lock_version": 1, "results": "x"}).status_code
        == 403
    )
    bad = _json(client, "put", url, focal, {"lock_version": "một", "results": "x"})
    assert bad.status_code == 422 and bad.json()["code"] == "validation"
    too_long = _json(client, "put", url, focal, {"lock_version": 1, "results": "x" * 20001})
    assert too_long.status_code == 400 and "quá dài" in too_long.json()["detail"]
    assert _json(client, "post", f"{url}/send", bearer(users["focal_culture"]), {}).status_code == 403
    head = bearer(users["head_culture"])
    not_approved = _json(client, "post", f"{url}/send", head, {})
    assert not_approved.status_code == 400 and "duyệt" in not_approved.json()["detail"]
    assert _json(client, "post", f"{url}/approve", bearer(head_science), {}).status_code == 404
    approved = _json(client, "post", f"{url}/approve", head, {"lock_version": 1})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    read_only = bearer(users["head_culture"], read_only=True)
    refused = _json(client, "post", f"{url}/send", read_only, {})
    assert refused.status_code == 403 and "chỉ được đọc" in refused.json()["detail"]
    sent = _json(client, "post", f"{url}/send", head, {})
    assert sent.status_code == 200 and sent.json()["state"] == "sent" and sent.json()["is_late"] is False
    assert sent.json()["submission"] == "on_time"
    assert (
        _json(client, "put", url, focal, {"lock_version": 3, "results": "sửa sau khi gửi"}).status_code == 400
    )
    correction = _json(client, "post", f"{url}/correct", focal, {})
    assert correction.status_code == 201 and correction.json()["version"] == 2
    assert correction.json()["previous_id"] == report["id"]


def test_api_closed_period_and_manager_operations(client, province, periods, bearer):
    users = province["users"]
    nov = periods["2025-11"].pk
    closed = _json(client, "post", f"/api/v1/reports/periods/{nov}/draft", bearer(users["focal_culture"]), {})
    assert closed.status_code == 400 and closed.json()["code"] == "period_closed"
    assert "đã khóa sổ" in closed.json()["detail"]
    assert (
        _json(
            client, "post", f"/api/v1/reports/periods/{nov}/reopen", bearer(users["focal_culture"]), {}
        ).status_code
        == 403
    )
    reopened = _json(
        client,
        "post",
        f"/api/v1/reports/periods/{nov}/reopen",
        bearer(users["office"]),
        {"until": "2026-01-20"},
    )
    assert reopened.status_code == 200 and reopened.json()["is_closed"] is False
    assert reopened.json()["closes_on"] == "2026-01-20"
    past = _json(
        client,
        "post",
        f"/api/v1/reports/periods/{nov}/reopen",
        bearer(users["office"]),
        {"until": "2026-01-01"},
    )
    assert past.status_code == 400 and "sau hôm nay" in past.json()["detail"]
    assert (
        _json(client, "post", "/api/v1/reports/periods/open", bearer(users["leader"]), {}).status_code == 403
    )
    opened = _json(client, "post", "/api/v1/reports/periods/open", bearer(users["office"]), {})
    assert opened.status_code == 200 and opened.json()["opened"] == []
    assert client.get("/api/v1/reports/periods/999999", **bearer(users["office"])).status_code == 404


def test_api_reminders_are_scoped(client, province, periods, bearer):
    from giamsat.reporting.reminders import remind

    remind(periods["2026-01"].due_date)
    office = client.get("/api/v1/reports/reminders", **bearer(province["users"]["office"])).json()
    culture = client.get("/api/v1/reports/reminders", **bearer(province["users"]["focal_culture"])).json()
    assert office["count"] > culture["count"] > 0
    assert {r["organization"]["short_name"] for r in culture["items"]} == {"Sở VHTTDL"}


def test_api_lists_page_in_sql(client, province, periods, bearer):
    office = bearer(province["users"]["office"])
    everything = client.get("/api/v1/reports/periods", **office).json()
    page = client.get("/api/v1/reports/periods", {"limit": 3, "offset": 2}, **office).json()
    assert page["count"] == everything["count"] == 8
    assert [p["id"] for p in page["items"]] == [p["id"] for p in everything["items"]][2:5]
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "nhiều"}):
        refused = client.get("/api/v1/reports/periods", bad, **office)
        assert (refused.status_code, refused.json()["code"]) == (422, "validation"), bad
