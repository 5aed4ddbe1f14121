"""Urging: `giamsat remind` before and after due dates, escalation, e-mail through Django's mail settings,
in-app notifications, a record of every reminder, and a dry run that writes nothing."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from giamsat.audit.models import AuditEntry
from giamsat.reporting.models import Notification, Reminder, ReportingPeriod
from giamsat.reporting.reminders import remind

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def mailboxes(province, head_science, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users = province["users"]
    for key, address in [
        ("focal_culture", "svhttdl@laichau.example"),
        ("head_culture", "ld-svhttdl@laichau.example"),
    ]:
        users[key].email = address
        users[key].save()
    head_science.email = "ld-skhcn@laichau.example"
    head_science.save()
    province["orgs"]["science"].email = "skhcn@laichau.example"
    province["orgs"]["science"].save()
    return province


def _counts():
    return (
        Reminder.objects.count(),
        Notification.objects.count(),
        ReportingPeriod.objects.count(),
        AuditEntry.objects.count(),
    )


def test_dry_run_lists_and_writes_nothing(rule, mailboxes):
    before = _counts()
    out = io.StringIO()
    call_command("remind", "--dry-run", "--today", "2026-01-12", stdout=out)
    text = out.getvalue()
    assert _counts() == before and mail.outbox == []
    assert "[thử] Ngày 12/01/2026: sẽ mở 8 kỳ báo cáo" in text
    assert "[Nhắc trước hạn] Sở VHTTDL: Báo cáo Tháng 01/2026" in text
    assert "[Đôn đốc quá hạn] Sở KH&CN: Báo cáo Tháng 12/2025" in text
    assert "[Báo cáo lãnh đạo đơn vị] Sở KH&CN: Báo cáo Tháng 12/2025" in text
    assert "thư: ld-skhcn@laichau.example, skhcn@laichau.example" in text
    assert "chưa ghi, chưa gửi gì" in text


def test_remind_sends_mail_notifications_and_records_every_reminder(province, rule, mailboxes, head_science,
                                                                   settings):
    settings.DEFAULT_FROM_EMAIL = "giamsat@laichau.gov.vn"
    users = province["users"]
    with time_machine.travel(dt.datetime(2026, 1, 12, 7, 0, tzinfo=TZ)):
        result = remind()
    kinds = sorted((p.kind, p.organization.short_name, p.period.key) for p in result.plan if p.period)
    assert kinds == [
        ("before", "Sở KH&CN", "2026-01"),
        ("before", "Sở VHTTDL", "2026-01"),
        ("escalation", "Sở KH&CN", "2025-12"),
        ("escalation", "Sở VHTTDL", "2025-12"),
        ("overdue", "Sở KH&CN", "2025-12"),
        ("overdue", "Sở VHTTDL", "2025-12"),
    ]
    by_address = {}
    for message in mail.outbox:
        assert message.from_email == "giamsat@laichau.gov.vn"  # the configured sender, on every message
        for to in message.to:
            by_address.setdefault(to, []).append(message.subject)
    # The focal point gets before and overdue; only the head gets the escalation;
    # the agency's mailbox gets all.
    assert sorted(by_address["svhttdl@laichau.example"]) == [
        "[giamsat] Nhắc gửi báo cáo Tháng 01/2026 — hạn 15/01/2026",
        "[giamsat] Đôn đốc: báo cáo Tháng 12/2025 đã quá hạn 28 ngày",
    ]
    assert any(
        s.startswith("[giamsat] Báo cáo lãnh đạo đơn vị") for s in by_address["ld-svhttdl@laichau.example"]
    )
    assert len(by_address["skhcn@laichau.example"]) == 3
    body = next(m.body for m in mail.outbox if "Nhắc gửi" in m.subject)
    assert "Kính gửi Sở" in body and "từ 15/12/2025 đến 14/01/2026" in body and "/bao-cao/" in body
    # In-app: every agency user of the organization (focal and head), escalations to heads only.
    assert Notification.objects.filter(user=users["focal_culture"]).count() == 2
    assert Notification.objects.filter(user=users["head_culture"]).count() == 3
    assert Notification.objects.filter(user=head_science).count() == 3
    # Every delivery is a Reminder row: one per recipient and channel.
    rows = Reminder.objects.filter(organization=province["orgs"]["culture"], kind="escalation")
    assert {(r.channel, r.recipient_id, r.address) for r in rows} == {
        ("in_app", users["head_culture"].pk, ""),
        ("email", users["head_culture"].pk, "ld-svhttdl@laichau.example"),
    }
    assert all(r.period.key == "2025-12" and r.error == "" for r in rows)
    assert AuditEntry.objects.filter(event="reminder_sent").count() == len(result.plan)

    # Same day again: nothing new. A week later December is closed
    # (30 days after its due date: no more urging)
    # and January is overdue; the before-reminder is not repeated.
    with time_machine.travel(dt.datetime(2026, 1, 12, 15, 0, tzinfo=TZ)):
        assert remind().plan == []
    with time_machine.travel(dt.datetime(2026, 1, 19, 7, 0, tzinfo=TZ)):
        again = remind()
    assert sorted(
        (p.kind, p.period.key) for p in again.plan if p.organization == province["orgs"]["culture"]
    ) == [("overdue", "2026-01")]
    assert [p.key for p in again.closed] == ["2025-12"]


def test_a_sent_report_stops_the_reminders(province, cycle):
    with time_machine.travel(dt.datetime(2026, 1, 12, 7, 0, tzinfo=TZ)):
        plan = remind(dry_run=True).plan
    about = {(p.organization.short_name, p.period.key, p.kind) for p in plan}
    assert ("Sở VHTTDL", "2026-01", "before") not in about  # already sent
    assert ("Sở KH&CN", "2026-01", "before") in about


def test_organization_without_accounts_is_recorded_with_a_note(province, rule):
    from giamsat.organizations.services import organization_create
    from giamsat.tasks.services import task_assign

    lonely = organization_create(
        name="UBND xã Bản Bo", code="xa-ban-bo", kind="peoples_committee", level="commune"
    )
    task_assign(task=province["tasks"]["both"], organizations=[lonely], role="lead")
    remind(dt.date(2026, 1, 12))
    row = Reminder.objects.get(organization=lonely, kind="before")
    assert row.recipient is None and "chưa có tài khoản" in row.error


def test_mail_failure_is_recorded_and_the_rest_goes_on(province, rule, mailboxes, settings):
    settings.EMAIL_BACKEND = "tests.reporting.test_remind.BrokenBackend"
    remind(dt.date(2026, 1, 12))
    failed = Reminder.objects.filter(channel="email").exclude(error="")
    assert failed.exists() and all("Không gửi được thư" in r.error for r in failed)
    assert Reminder.objects.filter(channel="in_app", error="").exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("máy chủ thư không trả lời")


def test_overdue_tasks_are_urged(province, rule, mailboxes):
    science = province["tasks"]["science"]  # due 31/03/2026, nothing reported
    with time_machine.travel(dt.datetime(2026, 3, 29, 7, 0, tzinfo=TZ)):
        soon = remind(dry_run=True).plan
    assert any(p.kind == "before" and science in p.tasks for p in soon)
    with time_machine.travel(dt.datetime(2026, 4, 3, 7, 0, tzinfo=TZ)):
        result = remind()
    task_items = [p for p in result.plan if p.tasks]
    assert [(p.kind, p.organization.short_name, [t.number for t in p.tasks]) for p in task_items] == [
        ("overdue", "Sở KH&CN", ["2"])
    ]
    rows = Reminder.objects.filter(task=science)
    assert rows.exists() and {r.kind for r in rows} == {"overdue"}
    message = next(m for m in mail.outbox if "nhiệm vụ quá hạn" in m.subject)
    assert "Xây dựng nền tảng dữ liệu" in message.body and "hạn 31/03/2026, quá hạn 3 ngày" in message.body


def test_reminder_page_shows_the_log_by_role(client, province, rule):
    remind(dt.date(2026, 1, 12))
    client.force_login(province["users"]["office"])
    page = client.get("/bao-cao/don-doc/").content.decode()
    assert "Nhắc trước hạn" in page and "Sở KH&amp;CN" in page and "Gửi đôn đốc ngay" in page
    preview = client.get("/bao-cao/don-doc/?xem_truoc=1").content.decode()
    assert "Nếu gửi ngay bây giờ" in preview
    client.force_login(province["users"]["focal_culture"])
    page = client.get("/bao-cao/don-doc/").content.decode()
    assert "Sở VHTTDL" in page and "Sở KH&amp;CN" not in page and "Gửi đôn đốc ngay" not in page
    notes = client.get("/bao-cao/thong-bao/").content.decode()
    assert "Nhắc gửi báo cáo Tháng 01/2026" in notes
    client.post("/bao-cao/thong-bao/")
    assert not Notification.objects.filter(
        user=province["users"]["focal_culture"], read_at__isnull=True
    ).exists()


def test_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind", "--today", "12/01/2026")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("periods", "--today", "2026-02-30")


def test_periods_command(rule):
    out = io.StringIO()
    call_command("periods", "--today", "2026-01-10", stdout=out)
    assert "Mở kỳ Tháng 06/2025" in out.getvalue() and "Đã mở 8 kỳ, khóa 6 kỳ." in out.getvalue()
    out = io.StringIO()
    call_command("periods", "--today", "2026-01-10", stdout=out)
    assert "Đã mở 0 kỳ, khóa 0 kỳ." in out.getvalue()


def test_reminder_days_come_from_the_settings(rule, settings):
    settings.GIAMSAT_REMIND_BEFORE_DAYS = 3
    plan = remind(dt.date(2026, 1, 5), dry_run=True).plan
    assert not [p for p in plan if p.kind == "before"]  # 10 days before 15/01
    settings.GIAMSAT_REMIND_BEFORE_DAYS = 10
    plan = remind(dt.date(2026, 1, 5), dry_run=True).plan
    assert {p.period.key for p in plan if p.kind == "before"} == {"2026-01"}


def test_unread_notifications_tag(rf, province, rule):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    remind(dt.date(2026, 1, 12))
    template = Template("{% load reporting_tags %}{% unread_notifications %}")
    request = rf.get("/")
    request.user = province["users"]["focal_culture"]
    assert template.render(Context({"request": request})) == "2"
    request.user = AnonymousUser()
    assert template.render(Context({"request": request})) == "0"
