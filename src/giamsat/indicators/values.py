"""Writes about indicator values: entry by the responsible agency, review by the monitoring office, and
explanation requests (leaders, office) with their answers (agency).

Every refusal is an ApplicationError with a Vietnamese message, raised before anything is written.
`user=SYSTEM` (core.actors) is the system itself: permission checks are skipped, input checks are not;
`None` is refused.
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from giamsat.accounts.access import acts_for, can_enter_values, can_request_explanation, is_agency_user, require_manager
from giamsat.audit.services import audit_event
from giamsat.core.actors import is_system, require_actor
from giamsat.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from giamsat.core.text import check_lengths, clean_spaces
from giamsat.indicators.models import ExplanationRequest, Indicator, IndicatorValue
from giamsat.indicators.parsing import InputError, check_frequency, parse_number, parse_period


def _check_value(indicator: Indicator, raw) -> Decimal:
    try:
        value = parse_number(raw)
    except InputError as exc:
        raise ApplicationError(str(exc), code="not_a_number") from exc
    lo, hi = indicator.min_value, indicator.max_value
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        from giamsat.indicators.parsing import format_number

        low = format_number(lo) if lo is not None else "…"
        high = format_number(hi) if hi is not None else "…"
        raise ApplicationError(
            f"Giá trị {format_number(value, 4)} nằm ngoài khoảng hợp lệ của chỉ tiêu {indicator.code} "
            f"({low} đến {high}).",
            code="out_of_range",
        )
    return value


def _check_period(indicator: Indicator, raw, today: dt.date):
    try:
        period = parse_period(raw)
        check_frequency(period, indicator.frequency)
    except InputError as exc:
        raise ApplicationError(str(exc), code="bad_period") from exc
    if period.start > today:
        raise ApplicationError(f"Kỳ {period.key} chưa bắt đầu: chưa nhập được số liệu.", code="future_period")
    return period


@transaction.atomic
def indicator_value_submit(
    *,
    user,
    indicator: Indicator,
    period,
    value,
    is_estimate: bool = False,
    source: str = "",
    organization=None,
    is_demo: bool = False,
    today: dt.date | None = None,
) -> IndicatorValue:
    """The responsible agency's value for a period: new, or a correction while it is not yet verified.

    A correction of a pending or rejected value replaces it and goes back to review ("chờ duyệt").
    """
    today = today or timezone.localdate()
    if not is_system(require_actor(user)):
        if not can_enter_values(user, indicator):
            raise PermissionDeniedError(
                "Chỉ cán bộ đầu mối của đơn vị chịu trách nhiệm mới nhập số liệu cho chỉ tiêu này."
            )
        organization = user.organization
    if organization is None:
        raise ApplicationError("Chưa xác định đơn vị nhập số liệu.")
    the_period = _check_period(indicator, period, today)
    number = _check_value(indicator, value)
    source = clean_spaces(source or "")[:255]
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, organization=organization, period=the_period.key)
        .first()
    )
    if existing is not None and existing.review == IndicatorValue.Review.VERIFIED:
        raise ApplicationError(
            f"Số liệu kỳ {the_period.key} của chỉ tiêu {indicator.code} đã được duyệt, không sửa được nữa.",
            code="locked",
        )
    author = user if user.is_authenticated else None
    if existing is None:
        try:
            with transaction.atomic():
                row = IndicatorValue.objects.create(
                    indicator=indicator,
                    organization=organization,
                    period=the_period.key,
                    period_end=the_period.end,
                    value=number,
                    is_estimate=bool(is_estimate),
                    source=source,
                    entered_by=author,
                    is_demo=is_demo,
                )
        except IntegrityError as exc:  # a concurrent entry of the same period
            raise ApplicationError(
                "Số liệu kỳ này vừa được nhập; hãy tải lại trang.", code="conflict"
            ) from exc
        event = "indicator_value_entered"
    else:
        row = existing
        row.value, row.is_estimate, row.source, row.period_end = (
            number,
            bool(is_estimate),
            source,
            the_period.end,
        )
        row.review, row.review_note, row.reviewed_by, row.reviewed_at = (
            IndicatorValue.Review.PENDING,
            "",
            None,
            None,
        )
        row.entered_by = author or row.entered_by
        row.save()
        event = "indicator_value_corrected"
    row.indicator = indicator
    row.was_created = existing is None
    audit_event(event, row, period=the_period.key, value=str(number), estimate=bool(is_estimate))
    return row


@transaction.atomic
def indicator_value_review(*, user, value: IndicatorValue, decision: str, note: str = "") -> IndicatorValue:
    """The monitoring office verifies a value (it is then locked) or rejects it with a reason."""
    if not is_system(require_actor(user)):
        require_manager(user)
    row = IndicatorValue.objects.select_for_update().select_related("indicator").get(pk=value.pk)
    if decision not in {IndicatorValue.Review.VERIFIED, IndicatorValue.Review.REJECTED}:
        raise ApplicationError("Quyết định duyệt phải là “verified” (đạt) hoặc “rejected” (từ chối).")
    note = (note or "").strip()
    check_lengths({"Lý do, ghi chú duyệt": note})
    if decision == IndicatorValue.Review.REJECTED and not note:
        raise ApplicationError("Từ chối số liệu cần ghi rõ lý do.")
    if row.review == IndicatorValue.Review.VERIFIED:
        raise ApplicationError(f"Số liệu kỳ {row.period} đã được duyệt trước đó.", code="locked")
    if row.review == IndicatorValue.Review.REJECTED and decision == IndicatorValue.Review.REJECTED:
        raise ApplicationError(f"Số liệu kỳ {row.period} đã bị từ chối; chờ đơn vị nhập lại.")
    row.review, row.review_note = decision, note
    row.reviewed_by = None if is_system(user) else user
    row.reviewed_at = timezone.now()
    row.save()
    audit_event(f"indicator_value_{decision}", row, note=note)
    return row


# ------------------------------------------------------------------------------------------ explanations


@transaction.atomic
def explanation_request_create(
    *, user, indicator: Indicator, message: str, due_date: dt.date | None = None, is_demo: bool = False
) -> ExplanationRequest:
    """A leader or the office asks the responsible unit to explain an indicator (yêu cầu giải trình)."""
    if not is_system(require_actor(user)) and not can_request_explanation(user):
        raise PermissionDeniedError("Chỉ lãnh đạo tỉnh hoặc cơ quan theo dõi mới yêu cầu giải trình.")
    message = (message or "").strip()
    check_lengths({"Nội dung yêu cầu giải trình": message})
    if not message:
        raise ApplicationError("Nội dung yêu cầu giải trình không được để trống.")
    if indicator.responsible_id is None:
        raise ApplicationError(
            "Chỉ tiêu chưa có đơn vị chịu trách nhiệm; hãy giao đơn vị trước khi yêu cầu giải trình."
        )
    if due_date is not None and due_date < timezone.localdate():
        raise ApplicationError("Hạn giải trình không được ở quá khứ.")
    item = ExplanationRequest.objects.create(
        indicator=indicator,
        organization_id=indicator.responsible_id,
        message=message,
        due_date=due_date,
        requested_by=user if user.is_authenticated else None,
        is_demo=is_demo,
    )
    audit_event("explanation_requested", item, indicator=indicator.code, due_date=due_date)
    return item


@transaction.atomic
def explanation_answer(*, user, request: ExplanationRequest, answer: str) -> ExplanationRequest:
    if not is_system(require_actor(user)):
        if not is_agency_user(user):
            raise PermissionDeniedError("Chỉ đơn vị được yêu cầu mới giải trình.")
        if not acts_for(user, request.organization_id):
            raise NotFoundError("Không tìm thấy yêu cầu giải trình hoặc bạn không có quyền xem.")
    item = ExplanationRequest.objects.select_for_update().get(pk=request.pk)
    if item.state != ExplanationRequest.State.OPEN:
        raise ApplicationError("Yêu cầu này đã được giải trình.")
    answer = (answer or "").strip()
    check_lengths({"Nội dung giải trình": answer})
    if not answer:
        raise ApplicationError("Nội dung giải trình không được để trống.")
    item.answer, item.state = answer, ExplanationRequest.State.ANSWERED
    item.answered_by = None if is_system(user) else user
    item.answered_at = timezone.now()
    item.save()
    audit_event("explanation_answered", item)
    return item


