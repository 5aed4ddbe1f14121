"""Demo evaluations: the default criteria sets, and the departments and communes evaluated and published for
the quarter before last and the last quarter (so the ranking shows the change), through the evaluation
services. Where the demo's activity leaves a band empty, the office's adjustments (with their reason and
document number, as the office would record them) bring one agency into it, so that every band shows; the
last-ranked department files an objection for the office to answer."""

import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from giamsat.accounts.models import Role, User
from giamsat.core.actors import SYSTEM
from giamsat.evaluation.models import Level
from giamsat.evaluation.periods import last_quarter
from giamsat.evaluation.services import adjustment_add, evaluation_publish, evaluation_run, objection_file

REASONS = {
    "up": ("Có sáng kiến chuyển đổi số được UBND tỉnh công nhận", "125/QĐ-UBND"),
    "down": ("Chậm khắc phục tồn tại sau kiểm tra của Đoàn kiểm tra tỉnh", "88/TB-VP"),
}


def _fill_bands(evaluation) -> int:
    """Adjust one agency into each empty band (the one nearest to it whose band keeps another member)."""
    bands = evaluation.criteria_snapshot["bands"]  # highest first
    made = 0
    for i, band in enumerate(bands):
        results = list(evaluation.results.all())
        if any(r.band == band["name"] for r in results) or len(results) < len(bands):
            continue
        low = Decimal(str(band["min"]))
        high = Decimal("100") if i == 0 else Decimal(str(bands[i - 1]["min"])) - Decimal("0.01")
        counts = {b["name"]: sum(r.band == b["name"] for r in results) for b in bands}
        movable = [r for r in results if counts[r.band] > 1]
        if not movable:
            continue
        target = min(movable, key=lambda r: min(abs(r.score - low), abs(r.score - high)))
        goal = low if target.score < low else high
        up = target.score < low
        points = (goal - target.score).quantize(Decimal("1"), rounding=ROUND_CEILING if up else ROUND_FLOOR)
        reason, number = REASONS["up" if up else "down"]
        adjustment_add(actor=SYSTEM, evaluation=evaluation, organization_id=target.organization_id, points=points,
                       reason=reason, document_number=number)
        made += 1
    return made


def _object(evaluation) -> None:
    """The last-ranked department that has a focal point files an objection, for the office to answer."""
    for result in evaluation.results.order_by("-rank"):
        user = User.objects.filter(organization_id=result.organization_id, role=Role.FOCAL, is_active=True).first()
        if user is not None:
            objection_file(user=user, evaluation=evaluation, organization_id=result.organization_id, text=(
                "Đơn vị đã gửi báo cáo kỳ này qua hệ thống quản lý văn bản trước hạn nhưng chưa cập nhật trên hệ "
                "thống giám sát; đề nghị Văn phòng UBND tỉnh xem xét lại điểm tiêu chí báo cáo định kỳ."))
            return


def build_evaluations(today: dt.date) -> list[str]:
    last = last_quarter(today)
    before = last.previous()
    lines = []
    for level in (Level.DEPARTMENT, Level.COMMUNE):
        for period in (before, last):
            evaluation = evaluation_run(actor=SYSTEM, period=period.key, level=level, is_demo=True)
            if period == last and level == Level.DEPARTMENT:
                _fill_bands(evaluation)
            evaluation = evaluation_publish(actor=SYSTEM, evaluation=evaluation, show_public=True)
            if period == last and level == Level.DEPARTMENT:
                _object(evaluation)
        bands = sorted({r.band for r in evaluation.results.all()})
        lines.append(f"đánh giá, xếp loại {Level(level).label.lower()} {last.label}: {evaluation.results.count()} "
                     f"đơn vị, xếp loại {', '.join(bands)}")
    return lines
