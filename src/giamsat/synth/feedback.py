"""Feedback of a synthetic province: `scale.feedback_items` items over the history, in every state, routed
to the province's departments and communes (the benchmark's office list reads 100,000 of them nationally)."""

import datetime as dt

from giamsat.core.dates import add_working_days
from giamsat.feedback.models import Feedback
from giamsat.feedback.services import CODE_ALPHABET
from giamsat.synth.clock import VN
from giamsat.synth.organizations import Province

COLUMNS = (
    "id", "created_at", "updated_at", "tracking_code", "kind", "state", "subject", "content", "routed_to_id",
    "routed_at", "answer_due", "answer", "answered_at", "is_public", "published_at", "reminder_level", "is_demo",
)
TABLES = [(Feedback, COLUMNS)]
SUBJECTS = {
    "complaint": ["Dịch vụ công trực tuyến báo lỗi khi ký số", "Trang thông tin của đơn vị chưa cập nhật",
                  "Điểm wifi công cộng không hoạt động", "Hồ sơ nộp trực tuyến chậm xử lý"],
    "proposal": ["Đề nghị phủ sóng di động vùng cao", "Đề nghị tập huấn kỹ năng số cho hợp tác xã",
                 "Đề nghị mở rộng thanh toán không dùng tiền mặt"],
    "initiative": ["Sáng kiến số hóa hồ sơ di tích", "Sáng kiến bản đồ số du lịch cộng đồng"],
}


def tracking_code(pk: int) -> str:
    """`PA` and eight characters of the code alphabet, distinct for distinct ids (the ids are the row's)."""
    digits, base = [], len(CODE_ALPHABET)
    n = pk * 7919 + 104729  # spread: consecutive ids do not give consecutive codes
    for _ in range(8):
        n, r = divmod(n, base)
        digits.append(CODE_ALPHABET[r])
    return "PA" + "".join(reversed(digits))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=VN)


def build_feedback(ctx, prov: Province) -> str | None:
    """Adds the province's feedback; returns one tracking code (the benchmark's public lookup)."""
    rng, loader, as_of = ctx.rng, ctx.loader, ctx.as_of
    agencies = prov.issuers + prov.communes[:20]
    first = max(ctx.history_start, as_of - dt.timedelta(days=365))
    span = (as_of - first).days or 1
    code = None
    for _ in range(ctx.scale.feedback_items):
        pk = loader.new_id(Feedback)
        kind = rng.choice(["complaint"] * 5 + ["proposal"] * 3 + ["initiative"] * 2)
        received = first + dt.timedelta(days=rng.randrange(span))
        created = _at(received, rng.randrange(7, 22))
        roll = rng.random()
        state, agency, routed, due, answer, answered, public = "received", None, None, None, "", None, False
        if roll > 0.05 and (as_of - received).days > 1:
            agency = rng.choice(agencies).id
            routed = _at(received + dt.timedelta(days=1), 9)
            due = add_working_days(received + dt.timedelta(days=1), {"complaint": 10, "proposal": 15}.get(kind, 20))
            state = "routed"
            delay = rng.randrange(3, 30)
            if roll > 0.25 and received + dt.timedelta(days=delay) < as_of:
                state, answer = "answered", "Cơ quan đã tiếp thu và xử lý theo thẩm quyền."
                answered = _at(received + dt.timedelta(days=delay), 15)
                if roll > 0.6:
                    state, public = "closed", True
        elif roll <= 0.02:
            state = "rejected"
        loader.add(Feedback, (
            pk, created, answered or routed or created, tracking_code(pk), kind, state,
            rng.choice(SUBJECTS[kind]), "Nội dung phản ánh, kiến nghị (dữ liệu tổng hợp).", agency, routed, due,
            answer, answered, public, answered if public else None, 0, True,
        ))
        code = code or (tracking_code(pk) if state == "closed" else None)
    return code
