"""Writes about indicators: definitions and targets (monitoring office) and the XLSX imports of definitions
and of values. Values, their review and explanation requests: `indicators.values`.

Every refusal is an ApplicationError with a Vietnamese message, raised before anything is written.
Row changes are recorded by the audit signals; the domain events below are recorded with `audit_event`.
`user=SYSTEM` (core.actors) is the system itself (the demo builder, console commands): permission checks are
skipped, input checks are not; `None` is refused.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from giamsat.accounts.access import can_enter_values, require_manager
from giamsat.audit.services import audit_event
from giamsat.core.actors import is_system, require_actor
from giamsat.core.errors import ApplicationError
from giamsat.core.text import clean_spaces
from giamsat.indicators.models import Comparator, Indicator, IndicatorTarget
from giamsat.indicators.parsing import InputError, parse_number
from giamsat.indicators.series import refresh_deferred
from giamsat.indicators.values import indicator_value_submit

CODE_RE = re.compile(r"^[\w.\-/]{1,32}$")
EDITABLE_FIELDS = {
    "code",
    "name",
    "unit",
    "direction",
    "comparator",
    "baseline_value",
    "baseline_year",
    "min_value",
    "max_value",
    "responsible",
    "frequency",
    "aggregation",
    "numerator",
    "denominator",
    "document",
    "source_text",
    "is_published",
}


def _number(raw, label: str, *, required: bool = False) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise ApplicationError(f"Chưa nhập {label}.")
        return None
    try:
        return parse_number(raw)
    except InputError as exc:
        raise ApplicationError(f"{label[:1].upper()}{label[1:]}: {exc}") from exc


def _year(raw, label: str, *, required: bool = False) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise ApplicationError(f"Chưa nhập {label}.")
        return None
    try:
        year = int(str(raw).strip())
    except ValueError as exc:
        raise ApplicationError(f"{label[:1].upper()}{label[1:]} “{raw}” không phải là năm.") from exc
    if not 1900 <= year <= 2200:
        raise ApplicationError(f"{label[:1].upper()}{label[1:]} {year} không hợp lệ.")
    return year


@dataclass
class TargetInput:
    year: int
    value: Decimal
    value_max: Decimal | None = None
    comparator: str = ""
    source_text: str = ""


def clean_targets(targets, *, default_comparator: str) -> list[TargetInput]:
    """Validate targets given as dicts or TargetInput: a year, a number, a comparator, a range in order."""
    out: list[TargetInput] = []
    seen: set[int] = set()
    for raw in targets or ():
        item = raw if isinstance(raw, dict) else raw.__dict__
        year = _year(item.get("year"), "năm mục tiêu", required=True)
        if year in seen:
            raise ApplicationError(f"Mục tiêu năm {year} bị nhập hai lần.")
        seen.add(year)
        comparator = item.get("comparator") or default_comparator
        if comparator not in Comparator.values:
            raise ApplicationError(f"Phép so sánh “{comparator}” của mục tiêu năm {year} không hợp lệ.")
        value = _number(item.get("value"), f"giá trị mục tiêu năm {year}", required=True)
        value_max = _number(item.get("value_max"), f"cận trên mục tiêu năm {year}")
        if comparator == Comparator.RANGE and value_max is None:
            raise ApplicationError(f"Mục tiêu năm {year} là một khoảng: cần cả cận dưới và cận trên.")
        if value_max is not None and value_max < value:
            raise ApplicationError(f"Mục tiêu năm {year}: cận trên phải lớn hơn hoặc bằng cận dưới.")
        out.append(
            TargetInput(
                year,
                value,
                value_max if comparator == Comparator.RANGE else None,
                comparator,
                clean_spaces(item.get("source_text") or ""),
            )
        )
    return sorted(out, key=lambda t: t.year)


def _validate(data: dict, *, instance: Indicator | None) -> dict:
    """Check and normalize the definition of an indicator; returns the fields to save."""
    out = dict(data)
    if "code" in out:
        out["code"] = clean_spaces(out["code"] or "")
        if not CODE_RE.match(out["code"]):
            raise ApplicationError("Mã chỉ tiêu bắt buộc, tối đa 32 ký tự, không có khoảng trắng.")
        clash = Indicator.objects.filter(code__iexact=out["code"])
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            raise ApplicationError(f"Mã chỉ tiêu {out['code']} đã được dùng.")
    if "name" in out:
        out["name"] = clean_spaces(out["name"] or "")
        if not out["name"]:
            raise ApplicationError("Tên chỉ tiêu không được để trống.")
    if "unit" in out:
        out["unit"] = clean_spaces(out["unit"] or "")[:64]
    choices = {
        "direction": (Indicator.Direction, "Chiều"),
        "comparator": (Comparator, "Phép so sánh"),
        "frequency": (Indicator.Frequency, "Tần suất"),
        "aggregation": (Indicator.Aggregation, "Cách tổng hợp"),
    }
    for name, (enum, label) in choices.items():
        if name in out and out[name] not in enum.values:
            raise ApplicationError(f"{label} “{out[name]}” không hợp lệ.")
    for name, label in (
        ("baseline_value", "giá trị cơ sở"),
        ("min_value", "giá trị nhỏ nhất hợp lệ"),
        ("max_value", "giá trị lớn nhất hợp lệ"),
    ):
        if name in out:
            out[name] = _number(out[name], label)
    if "baseline_year" in out:
        out["baseline_year"] = _year(out["baseline_year"], "năm cơ sở")

    def current(name):
        return out[name] if name in out else (getattr(instance, name) if instance is not None else None)

    lo, hi, base = current("min_value"), current("max_value"), current("baseline_value")
    if lo is not None and hi is not None and lo > hi:
        raise ApplicationError("Giá trị nhỏ nhất hợp lệ phải nhỏ hơn hoặc bằng giá trị lớn nhất.")
    if base is not None and ((lo is not None and base < lo) or (hi is not None and base > hi)):
        raise ApplicationError("Giá trị cơ sở nằm ngoài khoảng hợp lệ của chỉ tiêu.")
    if (current("baseline_value") is None) != (current("baseline_year") is None):
        raise ApplicationError("Giá trị cơ sở cần đi kèm năm cơ sở (hoặc để trống cả hai).")
    if current("aggregation") == Indicator.Aggregation.RATIO:
        num, den = current("numerator"), current("denominator")
        if num is None or den is None:
            raise ApplicationError("Chỉ tiêu tỷ lệ cần chọn chỉ tiêu tử số và chỉ tiêu mẫu số.")
        if num.pk == den.pk or (instance is not None and instance.pk in {num.pk, den.pk}):
            raise ApplicationError("Tử số và mẫu số phải là hai chỉ tiêu khác nhau và khác chỉ tiêu này.")
    if "source_text" in out:
        out["source_text"] = out["source_text"] or ""
    return out


def _replace_targets(indicator: Indicator, targets: list[TargetInput]) -> None:
    indicator.targets.all().delete()
    for t in targets:
        IndicatorTarget.objects.create(
            indicator=indicator,
            year=t.year,
            value=t.value,
            value_max=t.value_max,
            comparator=t.comparator,
            source_text=t.source_text,
        )


@transaction.atomic
def indicator_create(*, user, code: str, name: str, targets=(), is_demo: bool = False, **fields) -> Indicator:
    """A new indicator defined by hand (the importer creates those extracted from a plan)."""
    if not is_system(require_actor(user)):
        require_manager(user)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ApplicationError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    data = _validate({"code": code, "name": name, **fields}, instance=None)
    cleaned = clean_targets(targets, default_comparator=data.get("comparator") or Comparator.GE)
    indicator = Indicator.objects.create(is_demo=is_demo, **data)
    _replace_targets(indicator, cleaned)
    audit_event("indicator_created", indicator, targets=[t.year for t in cleaned])
    return indicator


@transaction.atomic
def indicator_update(*, user, indicator: Indicator, targets=None, **fields) -> Indicator:
    """Change the definition; `targets` (when given) replaces every target of the indicator."""
    if not is_system(require_actor(user)):
        require_manager(user)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ApplicationError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    data = _validate(fields, instance=indicator)
    cleaned = None
    if targets is not None:
        cleaned = clean_targets(targets, default_comparator=data.get("comparator") or indicator.comparator)
    for name, value in data.items():
        setattr(indicator, name, value)
    indicator.save()
    if cleaned is not None:
        _replace_targets(indicator, cleaned)
        audit_event("indicator_targets_replaced", indicator, targets=[t.year for t in cleaned])
    return indicator


@transaction.atomic
def indicator_set_published(*, user, indicator: Indicator, published: bool) -> Indicator:
    if not is_system(require_actor(user)):
        require_manager(user)
    if indicator.is_published != published:
        indicator.is_published = published
        indicator.save(update_fields=["is_published", "updated_at"])
        audit_event("indicator_published" if published else "indicator_unpublished", indicator)
    return indicator


# -------------------------------------------------------------------------------------------- XLSX files


@dataclass
class XlsxResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated)


def indicators_import_xlsx(*, user, data: bytes) -> XlsxResult:
    """Create or update indicators (by code) and their targets from the workbook of `indicators_export_xlsx`.

    All or nothing: the first bad row stops the import and nothing is written.
    """
    from giamsat.indicators import xlsx

    if not is_system(require_actor(user)):
        require_manager(user)
    rows, targets = xlsx.read_indicator_workbook(data)
    result = XlsxResult()
    with transaction.atomic():
        for line, row in rows:
            code = row.pop("code")
            these = targets.get(code.lower())
            existing = Indicator.objects.filter(code__iexact=code).first()
            try:
                xlsx.resolve_refs(row, line)
                if existing is None:
                    indicator_create(user=user, code=code, targets=these or (), **row)
                    result.created.append(code)
                else:
                    indicator_update(user=user, indicator=existing, targets=these, **row)
                    result.updated.append(code)
            except ApplicationError as exc:
                raise ApplicationError(
                    f"Trang “Chỉ tiêu”, dòng {line}: {exc.message}", code=exc.code
                ) from exc
        unknown = set(targets) - {c.lower() for c in result.created + result.updated}
        if unknown:
            raise ApplicationError(
                f"Trang “Mục tiêu” có mã chỉ tiêu không có trong trang “Chỉ tiêu”: "
                f"{', '.join(sorted(unknown))}."
            )
    return result


def indicator_values_import_xlsx(*, user, data: bytes, today: dt.date | None = None) -> XlsxResult:
    """The agency's values from a workbook (code, period, value, estimate, source). All or nothing."""
    from giamsat.indicators import xlsx

    rows = xlsx.read_value_workbook(data)
    result = XlsxResult()
    indicators = {i.code.lower(): i for i in Indicator.objects.all()}
    with transaction.atomic(), refresh_deferred():
        for line, row in rows:
            indicator = indicators.get(row["code"].lower())
            try:
                if indicator is None or (not is_system(user) and not can_enter_values(user, indicator)):
                    raise ApplicationError(
                        f"Không có chỉ tiêu mã “{row['code']}” do đơn vị bạn chịu trách nhiệm."
                    )
                value = indicator_value_submit(
                    user=user,
                    indicator=indicator,
                    period=row["period"],
                    value=row["value"],
                    is_estimate=row["estimate"],
                    source=row["source"],
                    today=today,
                )
            except ApplicationError as exc:
                raise ApplicationError(f"Dòng {line}: {exc.message}", code=exc.code) from exc
            (result.created if value.was_created else result.updated).append(
                f"{indicator.code} {value.period}"
            )
    return result
