"""Early warnings (page, e-mail command) and the exports of every dashboard table."""

import csv
import io

import pytest
from django.core import mail
from django.core.management import call_command
from openpyxl import load_workbook

from giamsat.dashboard.exports import TABLES
from tests.dashboard_page import opened

pytestmark = pytest.mark.django_db


def test_warnings_page_for_the_office_and_an_agency(client, dash):
    client.force_login(dash["users"]["office"])
    page = opened(client, "/canh-bao/")
    assert "Nhiệm vụ overdue" in page and "Tháng 11/2025" in page and "VH-01" in page and "KHCN-03" in page
    client.force_login(dash["users"]["focal_science"])
    page = opened(client, "/canh-bao/")
    assert "VH-01" not in page and "Nhiệm vụ soon" in page
    client.logout()
    assert client.get("/canh-bao/").status_code == 302


def test_warnings_command_prints_and_emails_the_office(dash, capsys, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("warnings")
    out = capsys.readouterr().out
    assert "CẢNH BÁO SỚM đến ngày 10/01/2026" in out and "Nhiệm vụ overdue" in out and not mail.outbox
    office = dash["users"]["office"]
    office.email = "vanphong@laichau.gov.vn"
    office.save()
    dash["users"]["leader"].email = "lanhdao@laichau.gov.vn"
    dash["users"]["leader"].save()
    call_command("warnings", "--email")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vanphong@laichau.gov.vn"]  # the monitoring office only
    assert (
        "Cảnh báo sớm" in message.subject
        and "Sở Khoa học và Công nghệ: Kế hoạch số 2653/KH-UBND" in message.body
    )
    assert "VH-01" in message.body and "Đã gửi cảnh báo sớm tới 1 người" in capsys.readouterr().out
    from giamsat.audit.models import AuditEntry
    from giamsat.notify.models import Delivery
    from giamsat.reporting.models import Notification

    assert AuditEntry.objects.filter(event="warnings_emailed").count() == 1
    # through the one dispatcher (ADR 0041): logged, and in the office's bell too
    assert Delivery.objects.filter(kind="alert", channel="email", state="sent", user=office).count() == 1
    assert Notification.objects.filter(user=office, message__startswith="Cảnh báo sớm").count() == 1
    # a second run the same day (cron retried, a second node) sends nothing twice
    call_command("warnings", "--email")
    assert len(mail.outbox) == 1 and "không gửi lại" in capsys.readouterr().out
    assert Notification.objects.filter(user=office, message__startswith="Cảnh báo sớm").count() == 1


def test_warnings_go_to_the_channels_each_user_chose(dash, capsys, settings):
    """A user who chose Telegram only gets no e-mail; one who takes the daily digest has it held."""
    from giamsat.notify.models import ChannelSettings, Delivery

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    office = dash["users"]["office"]
    office.email = "vanphong@laichau.gov.vn"
    office.save()
    ChannelSettings.objects.create(user=office, email=False)
    call_command("warnings", "--email")
    assert not mail.outbox
    assert set(Delivery.objects.filter(user=office).values_list("channel", flat=True)) == {"in_app"}
    ChannelSettings.objects.filter(user=office).update(email=True, digest=True)
    call_command("warnings", "--email", "--date", "2026-01-11")
    assert not mail.outbox
    assert Delivery.objects.filter(user=office, channel="email", state="held", kind="alert").count() == 1


def test_warnings_command_without_mail_configured(dash, capsys, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    dash["users"]["office"].email = "vanphong@laichau.gov.vn"
    dash["users"]["office"].save()
    call_command("warnings", "--email")
    assert "Chưa cấu hình gửi thư" in capsys.readouterr().out


def test_every_table_exports_as_csv_and_xlsx(client, dash):
    client.force_login(dash["users"]["leader"])
    for name in TABLES:
        as_csv = client.get(f"/bang-dieu-khien/xuat/{name}.csv")
        assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
        assert f'filename="{name}-20260110.csv"' in as_csv["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
        assert len(rows) >= 2, (name, rows)
        sheet = load_workbook(io.BytesIO(client.get(f"/bang-dieu-khien/xuat/{name}.xlsx").content)).active
        assert [c.value for c in sheet[1]] == rows[0], name
        assert sheet.max_row == len(rows), name


def test_export_figures_match(client, dash):
    client.force_login(dash["users"]["leader"])
    rows = list(
        csv.reader(
            io.StringIO(client.get("/bang-dieu-khien/xuat/tinh-trang.csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0] == ["Tình trạng", "Số nhiệm vụ", "Tỷ lệ (%)"]
    assert ["Chưa triển khai", "3", "37.5"] in rows and ["Chưa hoàn thành – quá hạn", "1", "12.5"] in rows
    heat = list(
        csv.reader(io.StringIO(client.get("/bang-dieu-khien/xuat/bao-cao.csv").content.decode("utf-8-sig")))
    )
    assert heat[0][-4:] == ["Đúng hạn", "Gửi muộn", "Chưa gửi", "Tỷ lệ đúng hạn (%)"]
    assert {r[0]: r[-4:] for r in heat[1:]} == {
        "Sở Khoa học và Công nghệ": ["1", "0", "1", "50.0"],
        "Sở Văn hóa, Thể thao và Du lịch": ["1", "1", "0", "50.0"],
    }
    assert client.get("/bang-dieu-khien/xuat/khong-co.csv").status_code == 404
    assert client.get("/bang-dieu-khien/xuat/tinh-trang.pdf").status_code == 404


def test_exports_are_scoped_and_neutralize_formulas(client, dash):
    from giamsat.tasks.models import Task

    Task.objects.filter(pk=dash["tasks"]["overdue"].pk).update(name='=HYPERLINK("http://x","bấm")')
    client.force_login(dash["users"]["leader"])
    text = client.get("/bang-dieu-khien/xuat/qua-han.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    sheet = load_workbook(io.BytesIO(client.get("/bang-dieu-khien/xuat/qua-han.xlsx").content)).active
    assert sheet["D2"].value.startswith("'=") and sheet["D2"].data_type == "s"
    client.force_login(dash["users"]["focal_science"])
    text = client.get("/bang-dieu-khien/xuat/chi-tieu.csv").content.decode("utf-8-sig")
    assert "KHCN-03" in text and "VH-01" not in text


def test_organization_and_document_partials(rf, dash):
    from django.template import Context, Template
    from django.utils import timezone

    from giamsat.web.views import organization_figures

    template = Template("{% load dashboard_tags %}{% document_progress doc %}")
    request = rf.get("/")

    def parts(user):
        request.user = user
        org_part = organization_figures(user, dash["orgs"]["science"], today=timezone.localdate())[1]
        return org_part, template.render(Context({"request": request, "doc": dash["program"]}))

    org_part, doc_part = parts(dash["users"]["focal_culture"])
    # an agency looking at another organization sees only what is published, and not its reporting record
    assert "KHCN-01" in org_part and "KHCN-03" not in org_part and "Sở KH&amp;CN" not in org_part
    assert "Chưa có kỳ báo cáo nào đến hạn" in org_part
    assert "63-CTr/TU" in doc_part and "2653/KH-UBND" in doc_part
    org_part, doc_part = parts(dash["users"]["leader"])
    assert "KHCN-03" in org_part and "hm-bad" in org_part and "VH-01" not in org_part
    assert f'href="/nhiem-vu/?document={dash["doc"].pk}&amp;status=not_started"' in doc_part


def test_task_exports_carry_the_agencies_identifiers(client, dash):
    """Issue #18: every export names agencies with their identifiers (mã định danh / mã ĐVHC)."""
    from giamsat.organizations.models import Organization

    Organization.objects.filter(pk=dash["orgs"]["culture"].pk).update(identifier_code="H39.12", admin_unit_code="")
    Organization.objects.filter(pk=dash["orgs"]["science"].pk).update(identifier_code="H39.15")
    client.force_login(dash["users"]["leader"])

    def table(name):
        return list(csv.reader(io.StringIO(
            client.get(f"/bang-dieu-khien/xuat/{name}.csv").content.decode("utf-8-sig"))))

    overdue = table("qua-han")
    assert overdue[0][4:6] == ["Chủ trì", "Mã định danh / mã ĐVHC"]
    assert [r[5] for r in overdue[1:]] == ["H39.12"]  # the overdue task is the culture department's
    by_org = {r[0]: r[1] for r in table("co-quan")[1:]}
    assert by_org == {"Sở VHTTDL": "H39.12", "Sở KH&CN": "H39.15"}
    indicators = table("chi-tieu")
    assert indicators[0][-1] == "Mã định danh / mã ĐVHC"
    assert {r[0]: r[-1] for r in indicators[1:]}["KHCN-03"] == "H39.15"
    warnings = table("canh-bao")
    assert warnings[0][3] == "Mã định danh / mã ĐVHC"
    assert ["Nhiệm vụ quá hạn", "Nhiệm vụ overdue", "Sở VHTTDL", "H39.12"] == warnings[1][:4]


def test_open_explanations_are_shown_everywhere_from_one_query(client, dash, django_assert_num_queries):
    """The warnings read only what they show of an explanation request (dashboard.warnings.EXPLANATION_FIELDS):
    the page, the API, the export and the e-mail show it, and none of them reads a field left out."""
    from giamsat.dashboard.warnings import open_explanations
    from giamsat.indicators.values import explanation_request_create

    leader = dash["users"]["leader"]
    indicator = dash["indicators"]["at_risk"]  # KHCN-03
    explanation_request_create(user=leader, indicator=indicator, message="Đề nghị giải trình số liệu chậm.")
    with django_assert_num_queries(1):
        (item,) = open_explanations(leader)
        shown = (item.pk, item.indicator_id, item.indicator.code, item.message, item.created_at, item.due_date,
                 item.state, item.get_state_display(), item.organization.name, item.organization.display_name,
                 item.organization.codes)
    assert shown[2] == "KHCN-03" and shown[8] == indicator.responsible.name
    client.force_login(leader)
    assert "Đề nghị giải trình số liệu chậm." in opened(client, "/canh-bao/")
    items = client.get("/api/v1/dashboard/warnings").json()["items"]
    titles = [i["title"] for i in items if i["kind"] == "explanation_open"]
    assert titles == ["KHCN-03 — Đề nghị giải trình số liệu chậm."]
    exported = client.get("/bang-dieu-khien/xuat/canh-bao.csv").content.decode("utf-8-sig")
    assert "KHCN-03 — Đề nghị giải trình số liệu chậm." in exported and indicator.responsible.name in exported
