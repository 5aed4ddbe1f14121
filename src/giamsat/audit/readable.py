"""The audit log as people read it (issue #16): Vietnamese names of objects and fields, readable values
("dd/mm/yyyy", "Có"/"Không", the label of a choice), only the fields an update changed.

Names come from the models' own `verbose_name`s and choices (looked up by the entry's object type); what no
model names (events, channels) is named here."""

import datetime as dt
from decimal import Decimal as dt_decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

EVENTS = {
    "task_done": "Xác nhận hoàn thành", "task_reopened": "Trả lại, chưa hoàn thành", "task_paused": "Tạm dừng",
    "task_resumed": "Tiếp tục", "task_adjusted": "Điều chỉnh thời hạn", "task_cancelled": "Hủy bỏ",
    "import_committed": "Nhập văn bản", "document_published": "Công khai văn bản",
    "indicator_created": "Tạo chỉ tiêu", "indicator_published": "Công khai chỉ tiêu",
    "indicator_targets_replaced": "Thay mục tiêu của chỉ tiêu", "indicator_value_verified": "Xác nhận số liệu",
    "indicator_value_rejected": "Trả lại số liệu", "explanation_requested": "Yêu cầu giải trình",
    "explanation_answered": "Trả lời giải trình", "period_closed": "Đóng kỳ báo cáo",
    "period_reopened": "Mở lại kỳ báo cáo", "report_approved": "Duyệt báo cáo",
    "report_correction_started": "Bắt đầu đính chính báo cáo", "password_changed": "Đổi mật khẩu",
    "api_tokens_revoked": "Thu hồi khóa API", "sign_in_unlocked": "Mở khóa đăng nhập",
    "totp_enabled": "Bật xác thực hai bước", "totp_disabled": "Tắt xác thực hai bước",
    "totp_failed": "Nhập sai mã xác thực", "totp_locked": "Khóa xác thực hai bước",
    "warnings_emailed": "Gửi cảnh báo sớm hằng tuần",
    "report_returned": "Trả lại báo cáo để sửa", "report_refilled": "Bổ sung báo cáo từ báo cáo tiến độ",
    "import_edited": "Lưu chỉnh sửa lượt nhập",
    "import_uploaded": "Tải tệp lên để nhập", "import_discarded": "Hủy lượt nhập", "import_read_again": "Đọc lại tệp",
    "import_mapped": "Ghép cột tệp hệ thống điều hành", "progress_from_eoffice": "Tình trạng từ hệ thống điều hành",
    "import_commit_started": "Bắt đầu ghi lượt nhập (chế độ nền)", "import_commit_again": "Ghi lại lượt nhập",
    "task_updated_from_eoffice": "Cập nhật nhiệm vụ từ hệ thống điều hành",
    "reminder_sent": "Gửi nhắc việc, đôn đốc", "notification_channels_set": "Chọn kênh nhận thông báo",
    "calendar_feed_created": "Tạo địa chỉ lịch hạn", "calendar_feed_revoked": "Thu hồi địa chỉ lịch hạn",
    "stored_file_refused": "Từ chối tệp lưu trữ không khớp mã kiểm tra",
    "evaluation_run": "Chấm điểm đánh giá", "evaluation_published": "Công bố kết quả đánh giá",
    "evaluation_reopened": "Mở lại kết quả đánh giá", "evaluation_objection_filed": "Gửi kiến nghị về kết quả đánh giá",
    "evaluation_objection_answered": "Trả lời kiến nghị về kết quả đánh giá",
    "feedback_received": "Tiếp nhận phản ánh", "feedback_answered": "Trả lời phản ánh",
    "feedback_merged": "Gộp phản ánh trùng", "feedback_published": "Công khai trả lời phản ánh",
    "feedback_reassign_requested": "Đề nghị chuyển phản ánh", "feedback_reassigned": "Chuyển phản ánh",
    "feedback_rejected": "Từ chối phản ánh", "outreach_imported": "Nhập hoạt động tuyên truyền",
    "reorganization_recorded": "Ghi quyết định sắp xếp", "reorganization_applied": "Áp dụng sắp xếp cơ quan",
    "reorganization_reverted": "Hoàn tác sắp xếp cơ quan", "reorganization_corrected": "Đính chính sắp xếp cơ quan",
    "report_sent": "Gửi báo cáo", "system57_push": "Gửi báo cáo lên Hệ thống 57",
    "demo_report_history": "Dữ liệu mẫu: lịch sử báo cáo",
}
SOURCES = {"web": "Giao diện web", "api": "API", "admin": "Trang quản trị", "cli": "Dòng lệnh", "": "Hệ thống",
           "system": "Hệ thống", "job": "Tác vụ tự động"}
# Event details that are no model field.
EXTRA_FIELDS = {
    "note": "Lý do, ghi chú", "new_due_date": "Thời hạn mới", "without_evidence": "Không có minh chứng",
    "job": "Lượt nhập", "filename": "Tên tệp", "tasks": "Số nhiệm vụ", "reason": "Lý do", "count": "Số lượng",
    # relations declared without a Vietnamese name
    "sent_by": "Người gửi", "approved_by": "Người duyệt", "previous": "Bản trước", "created_by": "Người tạo",
    "reorganization": "Quyết định sắp xếp", "returned_by": "Người trả lại", "comment": "Ý kiến",
}
HIDDEN = {"id", "lock_version", "hash", "prev_hash", "password", "key_hash", "secret"}


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name).capitalize() if model else "Đối tượng khác"


def event_label(event: str) -> str:
    return EVENTS.get(event, "Sự kiện khác") if event else ""


def source_label(source: str) -> str:
    return SOURCES.get(source or "", "Kênh khác")


def _field(model, name: str):
    if model is None:
        return None
    for candidate in (name, name[:-3] if name.endswith("_id") else None):
        if candidate:
            try:
                return model._meta.get_field(candidate)
            except FieldDoesNotExist:
                continue
    return None


def _label(model, name: str) -> str:
    field = _field(model, name)
    if field is not None and getattr(field, "verbose_name", None):
        label = str(field.verbose_name)
        if label.lower() != field.name.replace("_", " "):  # Django's default is the English attribute name
            return label[:1].upper() + label[1:]
    return EXTRA_FIELDS.get(name, "Trường khác")


def readable(value, field=None) -> str:
    """A stored value as people read it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if field is not None and getattr(field, "choices", None):
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, str) and field is not None and field.get_internal_type() == "DecimalField":
        try:
            return f"{dt_decimal(value).normalize():f}".replace(".", ",")
        except ArithmeticError:
            return value
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            if len(value) > 10 and value[10] == "T":
                return dt.datetime.fromisoformat(value).strftime("%H:%M %d/%m/%Y")
        except ValueError:
            pass
        return value if len(value) <= 300 else value[:297] + "…"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, list):
        return "; ".join(readable(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {readable(v)}" for k, v in value.items())
    if field is not None and field.is_relation:
        return f"#{value}"
    return str(value)


def changes(entry) -> list[tuple[str, str, str]]:
    """(field name, before, after) of an entry: the changed fields of an update, every field otherwise."""
    model = _model(entry.object_type)
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("Nội dung", readable(before), readable(after))]
    names = [n for n in dict.fromkeys([*before, *after]) if n not in HIDDEN]
    if before and after:
        names = [n for n in names if before.get(n) != after.get(n)]
    rows = []
    for name in names:
        field = _field(model, name)
        rows.append((_label(model, name),
                     readable(before.get(name), field) if name in before else "",
                     readable(after.get(name), field) if name in after else ""))
    return rows
