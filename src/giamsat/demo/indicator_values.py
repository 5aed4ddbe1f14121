"""Demo indicator values (2024–2026) for the indicators imported from seeds 002 and 003.

Every figure here is invented for the demo (is_demo=True) and only plausible: none is an official
statistic of Lai Châu. They are chosen so that every status appears (achieved, on track, at risk, off
track, no data), with verified, pending, rejected and estimated values, an explanation request, and
some indicators published on the public page. Values go through the same services as a person's
entry, so the same checks apply.
"""

import datetime as dt
from dataclasses import dataclass, field

from giamsat.accounts.models import Role, User
from giamsat.core.actors import SYSTEM
from giamsat.core.text import fold
from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.indicators.services import indicator_update
from giamsat.indicators.values import explanation_request_create, indicator_value_review, indicator_value_submit
from giamsat.organizations.models import Organization


@dataclass
class Plan:
    keyword: str  # found in the indicator's name (accent-, case- and punctuation-insensitive)
    responsible: str  # organization code (demo.laichau)
    baseline: tuple[float, int] | None = None  # value, year
    bounds: tuple[float | None, float | None] = (0, 100)
    # (period, value, review, estimate, note): review is verified | pending | rejected
    values: list[tuple[str, float, str, bool, str]] = field(default_factory=list)
    targets: list[dict] | None = None  # replaces the targets (for those the plan gives without a year)
    published: bool = False
    source: str = "Số liệu mẫu (demo), không phải số liệu chính thức"


V, P, R = "verified", "pending", "rejected"

PLANS = [
    # Seed 002 (Program 63-CTr/TU), targets for 2030 and 2045.
    Plan(
        "TFP",
        "skhcn",
        (30.5, 2024),
        values=[("2024", 30.5, V, False, ""), ("2025", 31.8, V, False, ""), ("2026", 33.0, P, True, "")],
        published=True,
    ),  # on track
    Plan(
        "khoảng 9-10% GRDP",
        "stc",
        (5.2, 2024),
        values=[("2024", 5.2, V, False, ""), ("2025", 5.6, V, False, ""), ("2026", 6.1, P, True, "")],
        published=True,
    ),  # at risk
    Plan(
        "dịch vụ công trực tuyến",
        "vp-hcc",
        (45, 2024),
        values=[("2024", 45, V, False, ""), ("2025", 52, V, False, ""), ("2026", 58, P, True, "")],
        published=True,
    ),
    Plan(
        "không dùng tiền mặt",
        "sct",
        (35, 2024),
        values=[("2024", 35, V, False, ""), ("2025", 36, V, False, ""), ("2026", 38, P, True, "")],
        published=True,
    ),  # off track
    Plan(
        "đổi mới sáng tạo đạt trên 40%", "skhcn", None, values=[("2025", 18, P, False, "")]
    ),  # no data (no baseline)
    Plan(
        "HDI",
        "stc",
        (0.615, 2024),
        bounds=(0, 1),
        values=[("2024", 0.615, V, False, ""), ("2025", 0.628, V, False, "")],
        published=True,
    ),  # achieved
    Plan(
        "3% tổng chi ngân sách",
        "stc",
        (1.2, 2024),
        values=[("2024", 1.2, V, False, ""), ("2025", 3.1, V, False, "")],
        published=True,
    ),  # achieved
    Plan(
        "10 người trên một vạn dân",
        "skhcn",
        (4.1, 2024),
        bounds=(0, 1000),
        values=[
            ("2024", 4.1, V, False, ""),
            ("2025", 4.4, V, False, ""),
            ("2026", 4.9, R, True, "Chưa có xác nhận của cơ quan thống kê; đề nghị bổ sung nguồn số liệu."),
        ],
    ),
    Plan(
        "ứng dụng công nghệ số trong sản xuất",
        "skhcn",
        (62, 2024),
        values=[("2024", 62, V, False, ""), ("2025", 70, V, False, "")],
    ),  # on track
    Plan(
        "số hóa 3D",
        "svhttdl",
        (10, 2024),
        values=[("2024", 10, V, False, ""), ("2025", 25, V, False, ""), ("2026", 40, P, True, "")],
    ),  # on track
    Plan("tối thiểu 20% GRDP", "stc", None),  # 2045 target, no values yet: no data
    Plan(
        "chiếm tối thiểu 70% kinh tế số",
        "stc",
        None,
        targets=[
            {"year": 2030, "value": 70, "comparator": ">=", "source_text": "chiếm tối thiểu 70% kinh tế số"}
        ],
    ),
    # Seed 003 (the office's plan), targets written without a year: the demo gives them one.
    Plan(
        "tối thiểu đạt 25%",
        "vp-ubnd",
        (8, 2024),
        values=[("2024", 8, V, False, ""), ("2025", 12, V, False, "")],
        targets=[
            {"year": 2030, "value": 25, "comparator": ">=", "source_text": "hướng tới tối thiểu đạt 25%"}
        ],
    ),
    Plan(
        "được đào tạo kiến thức cơ bản",
        "vp-ubnd",
        (40, 2024),
        values=[("2024", 40, V, False, ""), ("2025", 70, V, False, ""), ("2026", 96, P, True, "")],
        targets=[{"year": 2026, "value": 100, "comparator": "=", "source_text": "Phấn đấu 100%"}],
    ),  # at risk
]

EXPLANATION = (
    "Tỷ lệ giao dịch không dùng tiền mặt năm 2025 thấp hơn lộ trình để đạt 80% năm 2030. Đề nghị "
    "đơn vị giải trình nguyên nhân và giải pháp trong năm 2026."
)


def build_indicator_values(today: dt.date) -> list[str]:
    """Baselines, responsible organizations, values and reviews for the demo's indicators.

    Call after the seeds are imported (demo.build.build_demo); values of periods not yet begun on `today`
    are skipped. Returns summary lines for the `giamsat demo` output.
    """
    orgs = {o.code: o for o in Organization.objects.all()}
    indicators = list(Indicator.objects.filter(is_demo=True).order_by("code"))
    leader = User.objects.filter(role=Role.LEADER, is_demo=True).first()
    used: set[int] = set()
    entered = 0
    for plan in PLANS:
        indicator = next(
            (i for i in indicators if i.pk not in used and fold(plan.keyword) in fold(i.name)), None
        )
        org = orgs.get(plan.responsible)
        if indicator is None or org is None:
            continue
        used.add(indicator.pk)
        fields = {
            "responsible": org,
            "min_value": plan.bounds[0],
            "max_value": plan.bounds[1],
            "is_published": plan.published,
        }
        if plan.baseline:
            fields.update(baseline_value=plan.baseline[0], baseline_year=plan.baseline[1])
        indicator_update(user=SYSTEM, indicator=indicator, targets=plan.targets, **fields)
        for period, value, review, estimate, note in plan.values:
            if dt.date(int(period[:4]), 1, 1) > today:
                continue
            row = indicator_value_submit(
                user=SYSTEM,
                indicator=indicator,
                organization=org,
                period=period,
                value=value,
                is_estimate=estimate,
                source=plan.source,
                is_demo=True,
                today=today,
            )
            entered += 1
            if review != IndicatorValue.Review.PENDING:
                indicator_value_review(
                    user=SYSTEM, value=row, decision=review, note=note or "Khớp số liệu thống kê."
                )
        if plan.keyword == "không dùng tiền mặt" and leader is not None:
            explanation_request_create(user=leader, indicator=indicator, message=EXPLANATION, is_demo=True)
    return [
        f"{entered} số liệu chỉ tiêu mẫu cho {len(used)} chỉ tiêu "
        f"({Indicator.objects.filter(is_published=True).count()} chỉ tiêu công khai)"
    ]
