"""Which of the seven solution groups of Resolution 57-NQ/TW a task belongs to, guessed from its words.

A suggestion for the person reviewing an import, not a decision: the review page shows it and lets it be
changed. The most specific groups are tried first; "awareness" (propaganda, mindset) is the fallback.
"""

import re

from .textutil import lower

# (group number, patterns on the lower-cased text WITH diacritics: folding would make "chỉ đạo tạo xung lực"
# contain "đào tạo"), most specific first.
_RULES: list[tuple[int, tuple[str, ...]]] = [
    (7, (r"hợp tác quốc tế", r"\bquốc tế\b")),
    (6, (r"doanh nghiệp", r"khởi nghiệp", r"thương mại điện tử")),
    (4, (r"nhân lực", r"nhân tài", r"\bđào tạo\b", r"bồi dưỡng", r"chuyên gia", r"trí thức")),
    (3, (r"hạ tầng", r"cơ sở dữ liệu", r"trung tâm dữ liệu", r"\b5g\b", r"cáp quang")),
    (2, (r"thể chế", r"cơ chế", r"chính sách", r"pháp luật", r"thủ tục hành chính")),
    (5, (r"chính quyền số", r"chuyển đổi số.*(cơ quan|hệ thống chính trị|chính quyền)", r"dịch vụ công",
         r"quản trị", r"hành chính", r"quốc phòng", r"an ninh")),
    (1, (r"nhận thức", r"tư duy", r"tuyên truyền", r"quán triệt", r"phổ biến", r"truyền thông", r"truyền hình",
         r"báo chí", r"chuyên trang", r"chuyên mục", r"ấn phẩm")),
]
_COMPILED = [(group, [re.compile(p) for p in patterns]) for group, patterns in _RULES]


def classify_solution_group(text: str) -> int | None:
    lowered = lower(text or "")
    for group, patterns in _COMPILED:
        if any(p.search(lowered) for p in patterns):
            return group
    return None
