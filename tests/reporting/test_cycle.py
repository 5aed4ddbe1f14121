"""The reporting cycle: periods opened from the rules → drafts pre-filled from updates → approve → send
(on time / late / missing) → corrections, conflicts, closed periods, and who must report."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from giamsat.audit.context import acting_as
from giamsat.audit.models import AuditEntry
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.reporting.models import Report, ReportingPeriod
from giamsat.reporting.period_services import period_close, period_reopen, periods_open
from giamsat.reporting.reporters import period_reporter_ids
from giamsat.reporting.services import (
    ReportConflictError,
    report_approve,
    report_correct,
    report_get_or_create_draft,
    report_send,
    report_update,
)
from giamsat.reporting.submissions import submission_board, submission_code, submission_status
from giamsat.tasks.services import progress_update_create

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=7))


def test_periods_open_from_the_plan_date_idempotently(rule, frozen_today):
    result = periods_open(frozen_today)
    keys = sorted(p.key for p in result.opened)
    assert keys == ["2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01"]
    june = rule.periods.get(key="2025-06")
    assert (june.label, june.start, june.end, june.due_date) == (
        "Tháng 06/2025",
        dt.date(2025, 5, 15),
        dt.date(2025, 6, 14),
        dt.date(2025, 6, 15),
    )
    # Closed 30 days after the due date: everything up to November;
    # December (due 15/12) still takes late reports.
    assert sorted(p.key for p in result.closed) == [
        "2025-06",
        "2025-07",
        "2025-08",
        "2025-09",
        "2025-10",
        "2025-11",
    ]
    again = periods_open(frozen_today)
    assert again.opened == [] and again.closed == []
    assert rule.periods.count() == 8
    assert AuditEntry.objects.filter(object_type="reporting.reportingperiod", action="create").count() == 8
    assert AuditEntry.objects.filter(event="period_closed").count() == 6


def test_inactive_rule_opens_nothing(rule, frozen_today):
    rule.is_active = False
    rule.save()
    assert periods_open(frozen_today).opened == []


def test_reporters_are_lead_organizations_or_the_rule_list(province, periods, rule):
    jan = periods["2026-01"]
    orgs = province["orgs"]
    assert period_reporter_ids([jan])[jan.pk] == {orgs["culture"].pk, orgs["science"].pk}
    rule.reporters.set([orgs["science"]])
    assert period_reporter_ids([jan])[jan.pk] == {orgs["science"].pk}


def test_a_merged_organization_reports_through_its_successor(province, periods):
    from giamsat.organizations.services import organization_create, organization_succeed

    orgs = province["orgs"]
    merged = organization_create(name="Sở Văn hóa và Thể thao", code="svhtt", kind="department")
    organization_succeed(
        predecessors=[orgs["culture"]], successor=merged, effective_date=dt.date(2025, 12, 20)
    )
    dec, jan = periods["2025-12"], periods["2026-01"]
    ids = period_reporter_ids([dec, jan])
    assert orgs["culture"].pk in ids[dec.pk]  # cut-off 14/12: before the merge
    assert ids[jan.pk] == {merged.pk, orgs["science"].pk}


def test_reporters_among_some_organizations_are_the_same_as_all_then_filtered(province, periods, rule):
    """`among` (an agency's dashboard, an organization's page) reads fewer rows, never gives other answers:
    with the lead list, with an explicit list that leaves the organization out, through a merge."""
    from giamsat.organizations.selectors import organization_lineage_ids
    from giamsat.organizations.services import organization_create, organization_succeed

    orgs = province["orgs"]
    merged = organization_create(name="Sở Văn hóa và Thể thao", code="svhtt", kind="department")
    organization_succeed(predecessors=[orgs["culture"]], successor=merged, effective_date=dt.date(2025, 12, 20))
    all_periods = list(periods.values())

    def check():
        full = period_reporter_ids(all_periods)
        for org in (*orgs.values(), merged):
            among = organization_lineage_ids(org.pk)
            assert period_reporter_ids(all_periods, among=among) == {p: ids & among for p, ids in full.items()}
        return full

    assert any(merged.pk in ids for ids in check().values())
    rule.reporters.set([orgs["science"]])
    assert all(ids <= {orgs["science"].pk} for ids in check().values())


def test_draft_is_prefilled_from_the_period_updates(province, periods):
    users, tasks = province["users"], province["tasks"]
    progress_update_create(
        user=users["focal_culture"],
        task=tasks["culture"],
        state="in_progress",
        percent=40,
        narrative="Đăng 12 tin, bài",
        difficulties="Thiếu kinh phí",
        proposals="Bổ sung kinh phí",
        reported_on=dt.date(2026, 1, 5),
    )
    progress_update_create(
        user=users["focal_culture"],
        task=tasks["both"],
        state="in_progress",
        narrative="Tin của tháng trước",
        reported_on=dt.date(2025, 12, 10),
        at=timezone.make_aware(dt.datetime(2025, 12, 10, 15)),  # recorded then: no back-dating
    )
    report = report_get_or_create_draft(user=users["focal_culture"], period=periods["2026-01"])
    assert (
        report.state == "draft" and report.version == 1 and report.organization == province["orgs"]["culture"]
    )
    assert "Đăng 12 tin, bài" in report.results and "40%" in report.results
    assert "Tin của tháng trước" not in report.results  # 10/12/2025 belongs to Tháng 12/2025
    assert "Thiếu kinh phí" in report.shortcomings and "Bổ sung kinh phí" in report.proposals
    assert "Hội nghị chuyên đề" in report.next_tasks  # a task it leads that is not done
    assert not report.nothing_to_report
    # Asking again returns the same report, not a second one.
    assert report_get_or_create_draft(user=users["head_culture"], period=periods["2026-01"]) == report
    assert (
        AuditEntry.objects.filter(
            object_type="reporting.report", object_id=str(report.pk), action="create"
        ).count()
        == 1
    )

    empty = report_get_or_create_draft(user=users["focal_science"], period=periods["2026-01"])
    assert (
        empty.nothing_to_report
        and empty.results == empty.shortcomings == empty.proposals == "Không phát sinh."
    )


def test_a_correction_replaces_the_corrected_update_in_the_draft(province, periods):
    user, task = province["users"]["focal_culture"], province["tasks"]["culture"]
    wrong = progress_update_create(
        user=user, task=task, state="in_progress", narrative="Đăng 120 tin", reported_on=dt.date(2026, 1, 3)
    )
    progress_update_create(
        user=user,
        task=task,
        state="in_progress",
        narrative="Đăng 12 tin (đính chính)",
        reported_on=dt.date(2026, 1, 4),
        corrects=wrong,
    )
    report = report_get_or_create_draft(user=user, period=periods["2026-01"])
    assert "Đăng 12 tin (đính chính)" in report.results and "Đăng 120 tin" not in report.results


def test_full_cycle_on_time_late_missing(province, periods, head_science):
    users, orgs = province["users"], province["orgs"]
    jan, dec = periods["2026-01"], periods["2025-12"]
    report = report_get_or_create_draft(user=users["focal_culture"], period=jan)
    report = report_update(
        user=users["focal_culture"],
        report=report,
        lock_version=report.lock_version,
        results="Đã đăng 15 tin, bài.",
        nothing_to_report=False,
    )
    with pytest.raises(PermissionDeniedError):  # a focal point does not approve
        report_approve(user=users["focal_culture"], report=report)
    with pytest.raises(ApplicationError, match="duyệt trước khi gửi"):
        report_send(user=users["head_culture"], report=report)
    report = report_approve(user=users["head_culture"], report=report, lock_version=report.lock_version)
    assert report.state == "approved" and report.approved_by == users["head_culture"]
    report = report_send(user=users["head_culture"], report=report)
    assert report.state == "sent" and report.sent_by == users["head_culture"] and not report.is_late
    assert report.sent_at is not None
    with pytest.raises(ApplicationError, match="đã khóa|đã được gửi"):
        report_update(
            user=users["focal_culture"], report=report, lock_version=report.lock_version, results="x"
        )
    sent_event = AuditEntry.objects.get(event="report_sent", object_id=str(report.pk))
    assert sent_event.after["late"] is False and sent_event.object_type == "reporting.report"

    # December's report, sent on 10/01/2026 for a due date of 15/12/2025: late.
    late = report_get_or_create_draft(user=users["focal_culture"], period=dec)
    late = report_send(
        user=users["head_culture"], report=report_approve(user=users["head_culture"], report=late)
    )
    assert late.is_late

    # Sở KH&CN sends January after the due date: late; it sent nothing for December: missing.
    with time_machine.travel(dt.datetime(2026, 1, 20, 10, 0, tzinfo=TZ)):
        sci = report_get_or_create_draft(user=users["focal_science"], period=jan)
        sci = report_send(user=head_science, report=report_approve(user=head_science, report=sci))
        assert sci.is_late
        today = timezone.localdate()
    board = submission_board(users["office"], rule=jan.rule, columns=2, today=today)
    assert [p.key for p in board.periods] == ["2025-12", "2026-01"]
    cells = {row.organization.pk: [c.code for c in row.cells] for row in board.rows}
    assert cells == {orgs["culture"].pk: ["late", "on_time"], orgs["science"].pk: ["missing", "late"]}
    assert board.totals == [{"late": 1, "missing": 1}, {"on_time": 1, "late": 1}]


def test_pending_before_due_date_and_missing_after(province, periods):
    jan = periods["2026-01"]
    assert submission_status(jan, [], today=dt.date(2026, 1, 15)).code == "pending"
    assert submission_status(jan, [], today=dt.date(2026, 1, 16)).code == "missing"
    draft = report_get_or_create_draft(user=province["users"]["focal_culture"], period=jan)
    sub = submission_status(jan, [draft], today=dt.date(2026, 1, 16))
    assert sub.code == "missing" and sub.draft_note == "đang dự thảo"


def test_correction_after_sending_is_a_new_version(province, cycle):
    users, sent = province["users"], cycle["report"]
    correction = report_correct(user=users["focal_culture"], report=sent)
    assert (correction.version, correction.previous, correction.state) == (2, sent, "draft")
    assert correction.results == sent.results
    with pytest.raises(ApplicationError, match="phiên bản mới nhất"):
        report_correct(user=users["focal_culture"], report=sent)
    correction = report_update(
        user=users["focal_culture"],
        report=correction,
        lock_version=correction.lock_version,
        results="Đính chính: 14 tin, bài.",
    )
    correction = report_send(
        user=users["head_culture"], report=report_approve(user=users["head_culture"], report=correction)
    )
    sent.refresh_from_db()
    assert sent.results != correction.results and sent.state == "sent"  # the sent version is kept as it was
    versions = list(
        Report.objects.filter(period=cycle["period"], organization=sent.organization).order_by("version")
    )
    assert submission_status(cycle["period"], versions, today=dt.date(2026, 1, 30)).code == "on_time"


def test_stale_save_is_refused_with_what_changed(province, periods):
    users = province["users"]
    report = report_get_or_create_draft(user=users["focal_culture"], period=periods["2026-01"])
    opened_at = report.lock_version
    with acting_as(users["head_culture"], "web"):
        report_update(
            user=users["head_culture"], report=report, lock_version=opened_at, results="Bản của lãnh đạo"
        )
    with pytest.raises(ReportConflictError) as info:
        report_update(
            user=users["focal_culture"],
            report=report,
            lock_version=opened_at,
            results="Bản của đầu mối",
            proposals="Đề xuất mới",
        )
    exc = info.value
    assert exc.status == 409 and "ld-svhttdl" in exc.message and "Kết quả đạt được" in exc.message
    assert [(c["label"], c["by"], c["value"]) for c in exc.changes] == [
        ("Kết quả đạt được", "ld-svhttdl", "Bản của lãnh đạo")
    ]
    report.refresh_from_db()
    assert report.results == "Bản của lãnh đạo" and report.proposals == "Không phát sinh."
    assert report.lock_version == opened_at + 1


def test_editing_an_approved_report_sends_it_back_to_draft(province, periods):
    users = province["users"]
    report = report_get_or_create_draft(user=users["focal_culture"], period=periods["2026-01"])
    report = report_approve(user=users["head_culture"], report=report)
    report = report_update(
        user=users["focal_culture"], report=report, lock_version=report.lock_version, results="Bổ sung"
    )
    assert report.state == "draft" and report.approved_by is None


def test_report_sections_share_the_text_cap(province, periods, settings):
    settings.GIAMSAT_MAX_TEXT_CHARS = 50
    users = province["users"]
    report = report_get_or_create_draft(user=users["focal_culture"], period=periods["2026-01"])
    with pytest.raises(ApplicationError, match="“Tồn tại, hạn chế, nguyên nhân” quá dài: tối đa 50 ký tự"):
        report_update(user=users["focal_culture"], report=report, lock_version=report.lock_version,
                      shortcomings="x" * 51)
    assert Report.objects.get(pk=report.pk).lock_version == report.lock_version


def test_approving_an_empty_report_is_refused(province, periods):
    users = province["users"]
    report = report_get_or_create_draft(user=users["focal_culture"], period=periods["2026-01"])
    report = report_update(
        user=users["focal_culture"],
        report=report,
        lock_version=report.lock_version,
        results="",
        shortcomings="",
        next_tasks="",
        proposals="",
        nothing_to_report=False,
    )
    with pytest.raises(ApplicationError, match="chưa có nội dung"):
        report_approve(user=users["head_culture"], report=report)


def test_closed_period_is_refused_and_changes_nothing(province, periods):
    users = province["users"]
    nov = periods["2025-11"]
    assert nov.is_closed
    with pytest.raises(ApplicationError, match="đã khóa sổ") as info:
        report_get_or_create_draft(user=users["focal_culture"], period=nov)
    assert info.value.code == "period_closed"
    assert not Report.objects.filter(period=nov).exists()
    # The office reopens it for a week, the agency reports late, the office closes it again.
    period_reopen(user=users["office"], period=nov, until=dt.date(2026, 1, 17))
    report = report_get_or_create_draft(user=users["focal_culture"], period=nov)
    period_close(user=users["office"], period=nov)
    with pytest.raises(ApplicationError, match="đã khóa sổ"):
        report_approve(user=users["head_culture"], report=report)
    report.refresh_from_db()
    assert report.state == "draft"
    with pytest.raises(PermissionDeniedError):
        period_reopen(user=users["focal_culture"], period=nov)


def test_agency_cannot_touch_another_agency_report(province, periods, head_science):
    users = province["users"]
    report = report_get_or_create_draft(user=users["focal_culture"], period=periods["2026-01"])
    with pytest.raises(NotFoundError):
        report_update(user=users["focal_science"], report=report, lock_version=0, results="x")
    with pytest.raises(NotFoundError):
        report_approve(user=head_science, report=report)
    with pytest.raises(PermissionDeniedError):  # read-all roles never write an agency's report
        report_update(user=users["office"], report=report, lock_version=0, results="x")
    with pytest.raises(PermissionDeniedError):
        report_get_or_create_draft(user=users["leader"], period=periods["2026-01"])
    report.refresh_from_db()
    assert report.lock_version == 0


def test_an_organization_outside_the_rule_cannot_report(province, periods, rule):
    rule.reporters.set([province["orgs"]["science"]])
    with pytest.raises(PermissionDeniedError, match="không thuộc diện"):
        report_get_or_create_draft(user=province["users"]["focal_culture"], period=periods["2026-01"])


def test_recipient_is_notified_when_a_report_arrives(province, cycle):
    from giamsat.accounts.models import User
    from giamsat.reporting.models import Notification

    clerk = User.objects.create(username="vp-dau-moi", role="focal", organization=province["orgs"]["office"])
    report = report_correct(user=province["users"]["focal_culture"], report=cycle["report"])
    head = province["users"]["head_culture"]
    report_send(user=head, report=report_approve(user=head, report=report))
    note = Notification.objects.get(user=clerk)
    assert "Sở VHTTDL đã gửi báo cáo Tháng 01/2026" in note.message and note.url == f"/bao-cao/{report.pk}/"


def test_a_report_arriving_goes_to_each_recipients_chosen_channels(province, cycle, settings):
    """Through the one dispatcher (ADR 0041): in-app for all, e-mail for the one who keeps it, nothing by
    e-mail for the one who chose Telegram only (queued there instead), and one e-mail even when the sending
    job runs twice."""
    from django.core import mail

    from giamsat.accounts.models import User
    from giamsat.notify.dispatch import deliver_due
    from giamsat.notify.models import ChannelSettings, Delivery
    from giamsat.reporting.models import Notification

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GIAMSAT_TELEGRAM_BOT_TOKEN, settings.GIAMSAT_TELEGRAM_API_URL = "1:A", "http://127.0.0.1:9/tg"
    office = province["orgs"]["office"]
    mailer = User.objects.create(username="vp-thu", role="focal", organization=office, email="thu@vp.gov.vn")
    chatter = User.objects.create(username="vp-chat", role="focal", organization=office, email="chat@vp.gov.vn")
    ChannelSettings.objects.create(user=chatter, email=False, telegram=True, telegram_chat_id="77")
    report = report_correct(user=province["users"]["focal_culture"], report=cycle["report"])
    head = province["users"]["head_culture"]
    report_send(user=head, report=report_approve(user=head, report=report))
    assert Notification.objects.filter(user__in=[mailer, chatter], message__contains="đã gửi báo cáo").count() == 2
    sent = Delivery.objects.filter(key=f"report-sent:{report.pk}")
    assert set(sent.filter(user=mailer).values_list("channel", flat=True)) == {"in_app", "email"}
    assert set(sent.filter(user=chatter).values_list("channel", flat=True)) == {"in_app", "telegram"}
    deliver_due()
    deliver_due()
    to = [m.to for m in mail.outbox if "đã gửi báo cáo" in m.body]
    assert to.count(["thu@vp.gov.vn"]) == 1 and ["chat@vp.gov.vn"] not in to


def test_periods_table_constraint_and_str(periods):
    jan = periods["2026-01"]
    assert str(jan) == "Tháng 01/2026"
    assert ReportingPeriod.objects.filter(key="2026-01").count() == 1


@pytest.mark.parametrize(
    ("sent_on", "late"), [(dt.datetime(2026, 1, 15, 23, 50), False), (dt.datetime(2026, 1, 16, 0, 10), True)]
)
def test_sent_on_the_due_date_is_on_time_local_time(province, periods, sent_on, late):
    """The due date is a local (Vietnam) date: 23:50 on the 15th is on time, 00:10 on the 16th late."""
    users = province["users"]
    report = report_get_or_create_draft(user=users["focal_culture"], period=periods["2026-01"])
    report = report_approve(user=users["head_culture"], report=report)
    with time_machine.travel(sent_on.replace(tzinfo=TZ)):
        assert report_send(user=users["head_culture"], report=report).is_late is late


def test_first_sent_lateness_is_what_submission_status_says(province, periods):
    """The dashboard's plain-row path and the board's object path agree, whatever order versions were saved
    in: the first version *sent* decides, not the first saved nor the latest."""
    from django.utils import timezone

    from giamsat.reporting.models import Report
    from giamsat.reporting.submissions import first_sent_lateness

    jan, dec = periods["2026-01"], periods["2025-12"]
    culture, science = province["orgs"]["culture"], province["orgs"]["science"]
    at = timezone.now()
    # Culture, January: version 2 was sent first (late), version 1 after it (on time).
    Report.objects.create(period=jan, organization=culture, version=1, state="sent",
                          sent_at=at, is_late=False)
    Report.objects.create(period=jan, organization=culture, version=2, state="sent",
                          sent_at=at - dt.timedelta(days=3), is_late=True)
    # Science, January: sent on time, then a draft correction.
    Report.objects.create(period=jan, organization=science, version=1, state="sent",
                          sent_at=at - dt.timedelta(days=5), is_late=False)
    Report.objects.create(period=jan, organization=science, version=2, state="draft")
    # Culture, December: only a draft.
    Report.objects.create(period=dec, organization=culture, version=1, state="draft")
    lateness = first_sent_lateness([jan, dec])
    assert lateness == {(jan.pk, culture.pk): True, (jan.pk, science.pk): False}
    today = dt.date(2026, 1, 10)
    for period, org in ((jan, culture), (jan, science), (dec, culture), (dec, science)):
        versions = list(Report.objects.filter(period=period, organization=org))
        expected = submission_status(period, versions, today=today).code
        assert submission_code(period, lateness.get((period.pk, org.pk)), today=today) == expected
