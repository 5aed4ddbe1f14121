"""Pages kept while current and the organization chooser (issue #25, ADR 0056): query counts that do not grow
with rows, a write showing at once on a kept page, scopes never sharing kept rows, the chooser's endpoint and
its no-JavaScript fallback, the data-quality page's bounded first view."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _get(client, path, data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, data or {})
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode(), len(ctx.captured_queries)


# ------------------------------------------------------------------------------------------ kept pages


def _report_rule(province):
    from giamsat.reporting.models import ReportingRule

    rule = ReportingRule.objects.create(document=province["doc"], frequency="quarterly",
                                        recipient=province["orgs"]["office"])
    rule.reporters.set([province["orgs"]["culture"], province["orgs"]["science"]])
    return rule


def _period(rule, key, start, end, due):
    from giamsat.reporting.models import ReportingPeriod

    return ReportingPeriod.objects.create(rule=rule, key=key, label=f"Kỳ {key}", start=start, end=end, due_date=due)


def test_an_agency_s_reports_and_the_board_are_kept_and_show_a_sent_report_at_once(client, province):
    from giamsat.reporting.services import report_approve, report_get_or_create_draft, report_send

    rule = _report_rule(province)
    period = _period(rule, "2025-Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 20))
    focal, head, office = (province["users"][r] for r in ("focal_culture", "head_culture", "office"))
    client.force_login(focal)
    first, _ = _get(client, "/bao-cao/")
    assert "Kỳ 2025-Q4" in first and "Lập báo cáo" in first
    again, warm = _get(client, "/bao-cao/")
    assert warm <= 2  # the user and its scope's version: the body is kept
    assert 'name="csrfmiddlewaretoken" value="' in again and "csrf0placeholder" not in again
    client.force_login(office)
    board, _ = _get(client, "/bao-cao/theo-doi/")
    _, warm = _get(client, "/bao-cao/theo-doi/")
    assert warm <= 1
    # The agency writes, approves and sends: its page and the office's board show it on the next view.
    report = report_get_or_create_draft(user=focal, period=period)
    report_approve(user=head, report=report)
    report_send(user=head, report=report)
    client.force_login(focal)
    after, _ = _get(client, "/bao-cao/")
    assert "Mở báo cáo" in after and after != first
    client.force_login(office)
    board_after, _ = _get(client, "/bao-cao/theo-doi/")
    assert board_after != board and f"/bao-cao/{report.pk}/" in board_after


def test_the_kept_reports_page_does_not_grow_in_queries_with_reports(client, province):
    from giamsat.reporting.services import report_get_or_create_draft

    rule = _report_rule(province)
    focal = province["users"]["focal_culture"]
    client.force_login(focal)
    counts = []
    for n in range(1, 4):
        period = _period(rule, f"2025-Q{n}", dt.date(2025, 3 * n - 2, 1), dt.date(2025, 3 * n, 28),
                         dt.date(2026, 1, 20))
        report_get_or_create_draft(user=focal, period=period)
        _, cold = _get(client, "/bao-cao/")
        _, warm = _get(client, "/bao-cao/")
        counts.append((cold, warm))
    # The first view also reads what any page's first view reads once; from then on the same count.
    assert counts[1] == counts[2] and counts[0][0] >= counts[1][0], counts


def test_two_agencies_never_share_their_kept_reports_page(client, province):
    from giamsat.reporting.services import report_get_or_create_draft

    rule = _report_rule(province)
    period = _period(rule, "2025-Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 20))
    draft = report_get_or_create_draft(user=province["users"]["focal_culture"], period=period)
    client.force_login(province["users"]["focal_culture"])
    culture, _ = _get(client, "/bao-cao/")
    client.force_login(province["users"]["focal_science"])
    science, _ = _get(client, "/bao-cao/")
    assert f"/bao-cao/{draft.pk}/" in culture and f"/bao-cao/{draft.pk}/" not in science


@pytest.mark.parametrize("path, bound", [("/co-quan/", 1), ("/van-ban/", 1), ("/phan-anh/", 1),
                                         ("/sap-xep-co-quan/", 1)])
def test_kept_lists_do_not_grow_in_queries_with_rows_and_show_a_new_row_at_once(client, province, path, bound):
    from django.contrib.auth.models import AnonymousUser

    from giamsat.documents.models import Document
    from giamsat.feedback.services import feedback_submit
    from giamsat.organizations.services import organization_create

    client.force_login(province["users"]["office"])
    colds = []
    for n in range(3):
        name = f"Cơ quan mới số {n}"
        organization_create(name=name, code=f"moi-{n}", kind="department")
        Document.objects.create(doc_type="Kế hoạch", number=f"{n}/KH-MOI", date=dt.date(2025, 7, n + 1),
                                issuer=province["orgs"]["ubnd"], title=f"Văn bản mới số {n}")
        feedback_submit(user=AnonymousUser(), kind="complaint", subject=f"Phản ánh mới số {n}",
                        content="Nội dung phản ánh đủ dài để được nhận.", name="Nguyễn Văn A",
                        contact="a@example.vn", address=f"10.0.0.{n}")
        page, cold = _get(client, path)
        colds.append(cold)
        again, warm = _get(client, path)
        assert warm <= bound, (path, warm)
        assert again.split("csrfmiddlewaretoken")[0] == page.split("csrfmiddlewaretoken")[0]
        shown = {"/co-quan/": name, "/van-ban/": f"{n}/KH-MOI", "/phan-anh/": f"Phản ánh mới số {n}",
                 "/sap-xep-co-quan/": name}[path]
        assert shown in page, (path, shown)
    assert colds[1] == colds[2] and colds[0] >= colds[1], (path, colds)


def test_the_organization_page_is_kept_and_shows_an_urging_at_once(client, province):
    from giamsat.reporting.urging import urge

    culture = province["orgs"]["culture"]
    client.force_login(province["users"]["office"])
    first, _ = _get(client, f"/co-quan/{culture.pk}/")
    _, warm = _get(client, f"/co-quan/{culture.pk}/")
    assert warm <= 1
    assert "Chưa có lần đôn đốc nào." in first
    urge(user=province["users"]["office"], organization=culture, text="Đề nghị khẩn trương báo cáo.")
    after, _ = _get(client, f"/co-quan/{culture.pk}/")
    assert "Đề nghị khẩn trương báo cáo." in after
    client.force_login(province["users"]["focal_science"])  # another scope, no urging form
    other, _ = _get(client, f"/co-quan/{culture.pk}/")
    assert "Gửi đôn đốc" in first and "Gửi đôn đốc" not in other
    missing = client.get("/co-quan/999999/")
    assert missing.status_code == 404


def test_the_task_page_shows_a_new_priority_at_once(client, province):
    from giamsat.evaluation.services import task_priority_set

    task = province["tasks"]["culture"]
    client.force_login(province["users"]["office"])
    first, _ = _get(client, f"/nhiem-vu/{task.pk}/")
    task_priority_set(actor=province["users"]["office"], task=task, priority=3)
    after, _ = _get(client, f"/nhiem-vu/{task.pk}/")
    assert after != first and 'value="3" selected' in after


# -------------------------------------------------------------------------------- organization chooser


def test_the_chooser_s_endpoint_answers_every_signed_in_role(client, province):
    from giamsat.accounts.routes import OPERATIONS

    assert "api:organization_choices" in OPERATIONS
    for role in ("office", "focal_culture", "leader", "inspector"):
        client.force_login(province["users"][role])
        response = client.get("/api/v1/organizations/choices", {"q": "Sở"})
        assert response.status_code == 200, role
        labels = [row["label"] for row in response.json()]
        assert "Sở Văn hóa, Thể thao và Du lịch [svhttdl]" in labels and len(labels) == 2, (role, labels)
    client.logout()
    assert client.get("/api/v1/organizations/choices", {"q": "Sở"}).status_code in (401, 403)


def test_the_chooser_s_endpoint_finds_codes_and_leaves_out_dissolved_units_when_asked(client, province):
    science = province["orgs"]["science"]
    science.valid_to, science.identifier_code = dt.date(2025, 12, 31), "000.00.12.H29"
    science.save()
    client.force_login(province["users"]["office"])
    found = client.get("/api/v1/organizations/choices", {"q": "000.00.12.H29"}).json()
    assert [row["label"] for row in found] == ["Sở Khoa học và Công nghệ (đến 31/12/2025) [skhcn]"]
    assert client.get("/api/v1/organizations/choices", {"q": "Sở", "hien-hanh": "1"}).json() == [
        {"id": province["orgs"]["culture"].pk, "name": "Sở Văn hóa, Thể thao và Du lịch",
         "label": "Sở Văn hóa, Thể thao và Du lịch [svhttdl]"}]


@pytest.mark.parametrize("query", ["", "S", "x" * 101, "   "])
def test_the_chooser_s_endpoint_refuses_bad_input_in_vietnamese(client, province, query):
    client.force_login(province["users"]["office"])
    response = client.get("/api/v1/organizations/choices", {"q": query})
    assert response.status_code == 400
    assert "Hãy gõ từ 2 đến 100 ký tự" in response.json()["detail"]


@pytest.fixture
def text_boxes(monkeypatch):
    """A country's number of organizations, as far as the chooser knows: the text boxes instead of lists."""
    from giamsat.organizations import chooser

    monkeypatch.setattr(chooser, "DROP_DOWN_LIMIT", 2)


def _preview(client, **fields):
    data = {"kind": "merge", "effective_date": "01/07/2026", "document_number": "01/QĐ-UBND", "action": "preview",
            **fields}
    return client.post("/sap-xep-co-quan/", data)


def test_a_province_chooses_from_a_drop_down(client, province):
    client.force_login(province["users"]["office"])
    page, _ = _get(client, "/sap-xep-co-quan/")
    culture = province["orgs"]["culture"]
    assert f'<option value="{culture.pk}">Sở Văn hóa, Thể thao và Du lịch</option>' in page
    assert "data-chooser" not in page
    response = _preview(client, predecessors=[str(culture.pk)], successors=[str(province["orgs"]["science"].pk)])
    assert response.status_code == 200 and "Xem trước" in response.content.decode()
    assert f'<option value="{culture.pk}" selected>' in response.content.decode()


def test_without_javascript_a_country_types_names_or_codes(client, province, text_boxes):
    client.force_login(province["users"]["office"])
    page, _ = _get(client, "/sap-xep-co-quan/")
    assert re.search(r'<textarea rows="4"[^>]* name="predecessors" data-chooser="/api/v1/organizations/choices"',
                     page)
    assert 'name="new_parent" data-chooser="/api/v1/organizations/choices?hien-hanh=1"' in page
    culture = province["orgs"]["culture"].pk
    assert f'<option value="{culture}">' not in page  # no list of every organization
    assert 'src="/static/giamsat/chooser.js" defer' in page
    # A name (accents and case as typed), a short name, the suggestion's label with its code: all found.
    response = _preview(client, predecessors="Sở Văn hóa, Thể thao và Du lịch\nSở KH&CN",
                        successors="Ủy ban nhân dân tỉnh Lai Châu [ubnd]")
    body = response.content.decode()
    assert response.status_code == 200, body
    assert "Đơn vị trước sắp xếp: Sở Văn hóa, Thể thao và Du lịch; Sở Khoa học và Công nghệ." in body
    # What was typed is shown back as typed.
    assert "Sở KH&amp;CN</textarea>" in body


def test_without_javascript_an_unknown_or_shared_name_gets_a_vietnamese_message(client, province, text_boxes):
    from giamsat.organizations.models import Organization
    from giamsat.organizations.services import organization_create

    organization_create(name="Phòng Văn hóa", code="pvh-a", kind="office")
    organization_create(name="Phòng Văn hóa", code="pvh-b", kind="office")
    client.force_login(province["users"]["office"])
    before = Organization.objects.count()
    unknown = _preview(client, predecessors="Sở Không Có")
    assert unknown.status_code == 400
    assert "Không tìm thấy cơ quan «Sở Không Có»" in unknown.content.decode()
    shared = _preview(client, predecessors="Phòng Văn hóa")
    assert shared.status_code == 400
    text = shared.content.decode()
    assert "Có 2 cơ quan cùng tên «Phòng Văn hóa»" in text and "Phòng Văn hóa [pvh-a]" in text
    chosen = _preview(client, predecessors="Phòng Văn hóa [pvh-b]", successors="Sở VHTTDL")
    assert chosen.status_code == 200, chosen.content.decode()
    assert Organization.objects.count() == before  # a preview changes nothing


# ------------------------------------------------------------------------------------------ data quality


def test_the_data_quality_page_shows_the_first_rows_and_links_to_every_row(client, province, monkeypatch):
    from giamsat.core.actors import SYSTEM
    from giamsat.metrics import views
    from giamsat.tasks.services import task_create

    monkeypatch.setattr(views, "ROWS_FIRST", 2)
    monkeypatch.setattr(views, "AGENCIES_FIRST", 1)
    for n in range(5):
        task_create(actor=SYSTEM, document=province["doc"], number=f"9.{n}", name=f"Nhiệm vụ không hạn {n}",
                    deadline_text="", leads=[province["orgs"]["culture"] if n % 2 else province["orgs"]["science"]])
    client.force_login(province["users"]["office"])
    first, _ = _get(client, "/chat-luong-du-lieu/")
    section = first.split('id="tasks_without_deadline"')[1].split("</table>")[0]
    assert section.count("<tr><td>") == 2
    assert 'href="?kiem-tra=tasks_without_deadline#tasks_without_deadline">Xem tất cả' in first
    assert 'href="?kiem-tra=co-quan">Xem tất cả' in first
    one, _ = _get(client, "/chat-luong-du-lieu/", {"kiem-tra": "tasks_without_deadline"})
    assert one.split('id="tasks_without_deadline"')[1].split("</table>")[0].count("<tr><td>") >= 5
    every, _ = _get(client, "/chat-luong-du-lieu/", {"kiem-tra": "co-quan"})
    table = every.split("<h2>Theo cơ quan</h2>")[1].split("</table>")[0]
    assert province["orgs"]["culture"].name in table and province["orgs"]["science"].name in table
    _, warm = _get(client, "/chat-luong-du-lieu/")
    assert warm <= 1


def test_a_report_s_page_is_kept_per_role_and_shows_an_approval_at_once(client, province):
    from giamsat.reporting.services import report_approve, report_get_or_create_draft

    rule = _report_rule(province)
    period = _period(rule, "2025-Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 20))
    focal, head = province["users"]["focal_culture"], province["users"]["head_culture"]
    report = report_get_or_create_draft(user=focal, period=period)
    client.force_login(head)
    draft, _ = _get(client, f"/bao-cao/{report.pk}/")
    _, warm = _get(client, f"/bao-cao/{report.pk}/")
    assert warm <= 2 and "Duyệt báo cáo" in draft
    client.force_login(focal)  # same organization, another role: no approval button
    as_focal, _ = _get(client, f"/bao-cao/{report.pk}/")
    assert "Duyệt báo cáo" not in as_focal and 'name="csrfmiddlewaretoken"' in as_focal
    report_approve(user=head, report=report)
    client.force_login(head)
    approved, _ = _get(client, f"/bao-cao/{report.pk}/")
    assert "Duyệt báo cáo" not in approved and "Gửi báo cáo" in approved
    client.force_login(province["users"]["focal_science"])  # another agency: not found, nothing kept for it
    assert client.get(f"/bao-cao/{report.pk}/").status_code == 404


def test_the_chooser_looks_in_a_kept_copy_and_sees_a_rename_at_once(client, province, django_assert_num_queries):
    """ADR 0063: the suggestions come from this process's copy of the organizations while no reference data is
    written; a write (here a rename, audited like every write) renews that version and the next keystroke reads
    the organizations again."""
    from giamsat.organizations.chooser import organization_choices

    first = organization_choices("sở")  # letter case aside, as the database's LIKE did
    assert [row["name"] for row in first] == [row["name"] for row in organization_choices("SỞ")]
    with django_assert_num_queries(0):
        again = organization_choices("Sở")
    assert again == first
    culture = province["orgs"]["culture"]
    culture.name = "Sở Văn hóa và Thể thao"
    culture.save()
    assert "Sở Văn hóa và Thể thao [svhttdl]" in [row["label"] for row in organization_choices("Sở")]
