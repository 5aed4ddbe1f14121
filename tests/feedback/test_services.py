"""Feedback from submission to publication: checks before writes, the office's triage, the agency's answer,
who may do what, and the audit of every step."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.files.base import ContentFile

from giamsat.audit.models import AuditEntry
from giamsat.core.dates import add_working_days
from giamsat.core.errors import ApplicationError, PermissionDeniedError
from giamsat.feedback.models import Feedback
from giamsat.feedback.services import (
    AttachedFile,
    feedback_answer,
    feedback_merge,
    feedback_publish,
    feedback_reject,
    feedback_request_reassign,
    feedback_route,
    feedback_submit,
)
from giamsat.feedback.throttle import TooManySubmissions
from giamsat.reporting.models import Notification

pytestmark = pytest.mark.django_db


def _submit(**kwargs):
    values = {"user": AnonymousUser(), "kind": "proposal", "subject": "Đề nghị", "content": "Nội dung",
              "address": "198.51.100.7"}
    return feedback_submit(**{**values, **kwargs})


def test_a_public_submission_gets_a_code_a_mail_and_an_audit_entry(
    citizen_item, settings, django_capture_on_commit_callbacks
):
    assert citizen_item.tracking_code.startswith("PA") and len(citizen_item.tracking_code) == 10
    assert citizen_item.state == Feedback.State.RECEIVED and citizen_item.files.count() == 1
    assert AuditEntry.objects.filter(event="feedback_received", object_id=str(citizen_item.pk)).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        item = _submit(contact="dan@example.vn")
    assert len(mail.outbox) == 1 and item.tracking_code in mail.outbox[0].body
    assert mail.outbox[0].to == ["dan@example.vn"]


def test_no_mail_without_an_email_address(province, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        _submit(contact="0912 345 678")
    assert mail.outbox == []


@pytest.mark.parametrize("change, message", [
    ({"kind": "spam"}, "Vui lòng chọn loại"),
    ({"subject": "  "}, "Vui lòng nhập tiêu đề"),
    ({"content": "x" * 5001}, "tối đa 5.000 ký tự"),
    ({"honeypot": "http://spam.example"}, "trường không hợp lệ"),
    ({"document_id": 999999}, "văn bản đã công khai"),
    ({"files": [AttachedFile("a.exe", ContentFile(b"MZ" + b"\x00" * 20, name="a.exe"))]}, "Loại tệp"),
])
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_written(province, change, message):
    with pytest.raises(ApplicationError, match=message):
        _submit(**change)
    assert Feedback.objects.count() == 0


def test_an_unpublished_document_cannot_be_linked_a_published_one_can(province):
    doc = province["doc"]
    with pytest.raises(ApplicationError):
        _submit(document_id=doc.pk)
    doc.is_published = True
    doc.save()
    task = province["tasks"]["culture"]
    item = _submit(task_id=task.pk)
    assert (item.task, item.document) == (task, doc)


def test_the_rate_limit_counts_per_address(province, settings):
    settings.GIAMSAT_FEEDBACK_PER_HOUR = 2
    _submit(address="192.0.2.1")
    _submit(address="192.0.2.1")
    with pytest.raises(TooManySubmissions) as refused:
        _submit(address="192.0.2.1")
    assert refused.value.status == 429
    _submit(address="192.0.2.2")  # another address is not held back
    assert Feedback.objects.count() == 3


def test_agencies_file_from_inside_the_office_does_not(province):
    users = province["users"]
    item = _submit(user=users["focal_culture"], kind="initiative", address="")
    assert item.submitter_organization == province["orgs"]["culture"] and item.submitter_user == users["focal_culture"]
    with pytest.raises(PermissionDeniedError):
        _submit(user=users["office"])


def test_routing_sets_the_deadline_in_working_days_and_notifies_the_agency(province, citizen_item, frozen_today):
    users, culture = province["users"], province["orgs"]["culture"]
    [item] = feedback_route(user=users["office"], feedback=citizen_item, agencies=[culture])
    # 10/01/2026 is a Saturday: ten working days later is Friday 23/01/2026.
    assert item.answer_due == add_working_days(frozen_today, 10) == dt.date(2026, 1, 23)
    assert item.state == Feedback.State.ROUTED
    assert Notification.objects.filter(user=users["focal_culture"], message__contains=item.tracking_code).exists()
    assert AuditEntry.objects.filter(event="feedback_routed", object_id=str(item.pk)).exists()


def test_the_default_deadlines_are_configurable(province, citizen_item, settings, frozen_today):
    settings.GIAMSAT_FEEDBACK_DAYS_INITIATIVE = 3
    [item] = feedback_route(user=province["users"]["office"], feedback=citizen_item, kind="initiative",
                            agencies=[province["orgs"]["science"]])
    assert item.kind == "initiative" and item.answer_due == dt.date(2026, 1, 14)


def test_splitting_gives_each_further_agency_its_own_part(province, citizen_item):
    orgs = province["orgs"]
    parts = feedback_route(user=province["users"]["office"], feedback=citizen_item,
                           agencies=[orgs["culture"], orgs["science"]], answer_due=dt.date(2026, 2, 2))
    assert [p.routed_to for p in parts] == [orgs["culture"], orgs["science"]]
    assert parts[1].parent == citizen_item and parts[1].tracking_code == f"{citizen_item.tracking_code}-2"
    assert parts[1].submitter_name == ""  # personal data stays on the original only


@pytest.mark.parametrize("role", ["focal_culture", "head_culture", "leader", "inspector"])
def test_only_the_office_triages(province, citizen_item, role):
    user = province["users"][role]
    with pytest.raises(PermissionDeniedError):
        feedback_route(user=user, feedback=citizen_item, agencies=[province["orgs"]["culture"]])
    with pytest.raises(PermissionDeniedError):
        feedback_reject(user=user, feedback=citizen_item, reason="Tin rác")
    citizen_item.refresh_from_db()
    assert citizen_item.state == Feedback.State.RECEIVED


def test_merge_and_reject(province, citizen_item):
    office = province["users"]["office"]
    twin = _submit(subject="Thủ tục cấp phép chậm (gửi lại)")
    feedback_merge(user=office, feedback=twin, into=citizen_item)
    assert twin.state == Feedback.State.MERGED and twin.duplicate_of == citizen_item
    with pytest.raises(ApplicationError, match="Vui lòng nhập lý do"):
        feedback_reject(user=office, feedback=citizen_item, reason="")
    spam = _submit(subject="Quảng cáo")
    feedback_reject(user=office, feedback=spam, reason="Tin rác quảng cáo")
    assert spam.state == Feedback.State.REJECTED and spam.reject_reason == "Tin rác quảng cáo"


def test_the_routed_agency_answers_another_does_not(province, routed_item):
    users = province["users"]
    with pytest.raises(PermissionDeniedError):
        feedback_answer(user=users["focal_science"], feedback=routed_item, answer="Không phải của chúng tôi")
    feedback_answer(user=users["focal_culture"], feedback=routed_item, answer="Đã xử lý xong hồ sơ.",
                    files=[AttachedFile("tra-loi.pdf", ContentFile(b"%PDF-1.4 x", name="tra-loi.pdf"))])
    assert routed_item.state == Feedback.State.ANSWERED and routed_item.answered_by == users["focal_culture"]
    assert routed_item.files.filter(is_answer=True).count() == 1


def test_a_reassignment_request_notifies_the_office(province, routed_item):
    users = province["users"]
    feedback_request_reassign(user=users["focal_culture"], feedback=routed_item, reason="Thuộc Sở KH&CN")
    assert Notification.objects.filter(user=users["office"], message__contains=routed_item.tracking_code).exists()
    [item] = feedback_route(user=users["office"], feedback=routed_item, agencies=[province["orgs"]["science"]])
    assert item.routed_to == province["orgs"]["science"] and item.reassign_reason == ""
    assert AuditEntry.objects.filter(event="feedback_reassigned", object_id=str(item.pk)).exists()


def test_only_answered_items_are_published_and_then_closed(province, routed_item):
    office = province["users"]["office"]
    with pytest.raises(ApplicationError, match="đã có câu trả lời"):
        feedback_publish(user=office, feedback=routed_item)
    feedback_answer(user=province["users"]["focal_culture"], feedback=routed_item, answer="Đã xử lý.")
    with pytest.raises(PermissionDeniedError):
        feedback_publish(user=province["users"]["head_culture"], feedback=routed_item)
    feedback_publish(user=office, feedback=routed_item)
    assert routed_item.is_public and routed_item.state == Feedback.State.CLOSED
    assert list(Feedback.objects.published()) == [routed_item]


def test_routing_again_adds_parts_with_new_codes(province, citizen_item):
    from giamsat.organizations.services import organization_create

    office, orgs = province["users"]["office"], province["orgs"]
    extra = [organization_create(name=f"Sở thứ {i}", code=f"so-{i}", kind="department") for i in range(3)]
    feedback_route(user=office, feedback=citizen_item, agencies=[orgs["culture"], orgs["science"], extra[0]])
    citizen_item.parts.filter(routed_to=orgs["science"]).delete()  # -2 gone, -3 left
    feedback_route(user=office, feedback=citizen_item, agencies=[orgs["culture"], extra[1], extra[2], extra[0]])
    codes = sorted(citizen_item.parts.values_list("tracking_code", flat=True))
    base = citizen_item.tracking_code
    assert codes == [f"{base}-3", f"{base}-4", f"{base}-5"]


def test_answer_deadlines_skip_the_holidays(settings):
    from giamsat.core.dates import Holidays
    from giamsat.feedback.services import default_answer_due

    # Thursday 30/04 and Friday 01/05/2026 are days off: 3 working days after Wednesday 29/04 is Wednesday 06/05
    settings.GIAMSAT_HOLIDAYS = "30/04,01/05"
    assert default_answer_due("complaint", dt.date(2026, 4, 29)) == add_working_days(
        dt.date(2026, 4, 29), 10, Holidays("30/04,01/05"))
    assert add_working_days(dt.date(2026, 4, 29), 3, Holidays("30/04,01/05")) == dt.date(2026, 5, 6)
    assert add_working_days(dt.date(2026, 4, 29), 3) == dt.date(2026, 5, 4)
    assert dt.date(2027, 2, 8) in Holidays("01/01,08/02/2027") and dt.date(2028, 2, 8) not in Holidays("08/02/2027")
    with pytest.raises(ValueError, match="dd/mm"):
        Holidays("32/13")
