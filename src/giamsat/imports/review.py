"""Turn the review form's fields back into a proposal for `import_commit`.

Field names: doc-<field>; agency-<i>-phrase / agency-<i>-choice ("org:ID", "group:ID", "new", "");
task-<i>-<field> with task-<i>-include; target-<i>-include; rule-<i>-include; new-task-* for an added task.

Nothing the reviewer entered is dropped because another field is wrong (#21): `review_from_post` reads every
field, keeps a field it cannot read as it was typed (so the page shows it again to be corrected) and lists
what is wrong; the view saves the edits either way. Dates are dd/mm/yyyy on the page, ISO in the proposal.
"""

import copy
import datetime as dt
import re

from giamsat.core.errors import ApplicationError


class _Problems(list):
    """What the reviewer must correct, in order; a field that cannot be read keeps the text as typed."""

    def read(self, parse, value, *args):
        try:
            return parse(value, *args)
        except ApplicationError as exc:
            self.append(exc.message)
            return (value or "").strip()


def parse_review_date(value: str) -> str | None:
    """dd/mm/yyyy (or d/m/yyyy, or the ISO form the extractor proposes) → ISO; else ApplicationError."""
    value = (value or "").strip()
    if not value:
        return None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    try:
        day = dt.date(int(m[3]), int(m[2]), int(m[1])) if m else dt.date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2100:
        raise ApplicationError(f"Ngày văn bản không hợp lệ: “{value}” (nhập theo dạng dd/mm/yyyy, ví dụ 15/07/2025).")
    return day.isoformat()


def _choice(value: str, phrase: str) -> dict:
    if value.startswith("org:"):
        return {"kind": "organization", "id": int(value[4:])}
    if value.startswith("group:"):
        return {"kind": "group", "id": int(value[6:])}
    if value == "new":
        return {"kind": "new", "name": phrase}
    return {"kind": None, "id": None}


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.replace("\n", ";").split(";") if p.strip()]


def proposal_from_post(original: dict, post) -> dict:
    """The reviewed proposal; the first problem, if any, raised as ApplicationError."""
    proposal, problems = review_from_post(original, post)
    if problems:
        raise ApplicationError(problems[0])
    return proposal


def review_from_post(original: dict, post) -> tuple[dict, list[str]]:
    """(the proposal with every edit, the problems to correct before it can be committed)."""
    problems = _Problems()
    proposal = copy.deepcopy(original)
    doc = proposal.setdefault("document", {})
    for field in ("type", "number", "issuer", "place", "title"):
        if f"doc-{field}" in post:
            doc[field] = post.get(f"doc-{field}", "").strip() or None
    if "doc-date" in post:
        doc["date"] = problems.read(parse_review_date, post.get("doc-date", "")) or None
    agencies = {}
    i = 0
    while f"agency-{i}-phrase" in post:
        phrase = post[f"agency-{i}-phrase"]
        agencies[phrase] = _choice(post.get(f"agency-{i}-choice", ""), phrase)
        i += 1
    if agencies:
        proposal["agencies"] = agencies
    for i, task in enumerate(proposal.get("tasks", [])):
        if f"task-{i}-name" not in post:
            continue
        task["include"] = post.get(f"task-{i}-include") == "on"
        task["no"] = post.get(f"task-{i}-no", task.get("no", ""))
        task["name"] = post.get(f"task-{i}-name", "").strip()
        task["deadline_text"] = post.get(f"task-{i}-deadline_text", "").strip()
        task["lead"] = _split(post.get(f"task-{i}-lead", ""))
        task["coordinators"] = _split(post.get(f"task-{i}-coordinators", ""))
        task["solution_group"] = problems.read(_integer, post.get(f"task-{i}-solution_group", ""),
                                               "Nhóm giải pháp", 1, 7)
    if post.get("new-task-name", "").strip():
        new = {
            "include": True, "no": post.get("new-task-no", ""), "name": post["new-task-name"].strip(),
            "deadline_text": post.get("new-task-deadline_text", ""), "lead": _split(post.get("new-task-lead", "")),
            "coordinators": _split(post.get("new-task-coordinators", "")), "source": "manual",
        }
        proposal.setdefault("tasks", []).append(new)
    for key, prefix in (("targets", "target"), ("reporting", "rule"), ("references", "ref")):
        for i, item in enumerate(proposal.get(key, [])):
            if f"{prefix}-{i}-seen" in post:
                item["include"] = post.get(f"{prefix}-{i}-include") == "on"
    for i, target in enumerate(proposal.get("targets", [])):
        if f"target-{i}-value" in post:
            _read_target(target, post, f"target-{i}-", problems)
    if post.get("new-target-text", "").strip():
        target = {"include": True, "text": post["new-target-text"].strip(), "matched": "", "line": None}
        _read_target(target, post, "new-target-", problems)
        proposal.setdefault("targets", []).append(target)
    for i, rule in enumerate(proposal.get("reporting", [])):
        if f"rule-{i}-period" in post:
            _read_rule(rule, post, f"rule-{i}-", problems)
    if post.get("new-rule-period"):
        rule = {"include": True, "text": "(thêm khi rà soát)", "line": None}
        _read_rule(rule, post, "new-rule-", problems)
        proposal.setdefault("reporting", []).append(rule)
    return proposal, list(problems)


def _number(value: str, what: str) -> float | None:
    value = (value or "").strip().replace(" ", "")
    if not value:
        return None
    # Vietnamese decimal comma ("37,6"); a dot is a thousands separator only when a comma is present.
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    try:
        return float(value)
    except ValueError as exc:
        raise ApplicationError(f"{what} phải là số: “{value}”.") from exc


def _integer(value: str, what: str, low: int, high: int) -> int | None:
    number = _number(value, what)
    if number is None:
        return None
    if number != int(number) or not low <= number <= high:
        raise ApplicationError(f"{what} phải là số nguyên từ {low} đến {high}.")
    return int(number)


def _read_target(target: dict, post, prefix: str, problems: _Problems) -> None:
    target["comparator"] = post.get(prefix + "comparator", target.get("comparator", ">="))
    target["value"] = problems.read(_number, post.get(prefix + "value", ""), "Giá trị chỉ tiêu")
    target["value_max"] = problems.read(_number, post.get(prefix + "value_max", ""), "Giá trị trên của khoảng")
    target["unit"] = post.get(prefix + "unit", "").strip()
    target["year"] = problems.read(_integer, post.get(prefix + "year", ""), "Năm mục tiêu", 2000, 2100)
    if target.get("include") and target["value"] in (None, ""):
        problems.append(f"Chỉ tiêu “{target['text'][:60]}” chưa có giá trị.")


def _read_rule(rule: dict, post, prefix: str, problems: _Problems) -> None:
    rule["period"] = post.get(prefix + "period", rule.get("period"))
    rule["due_day"] = problems.read(_integer, post.get(prefix + "due_day", ""), "Ngày hạn báo cáo", 1, 31)
    rule["due_month"] = problems.read(_integer, post.get(prefix + "due_month", ""), "Tháng hạn báo cáo", 1, 12)
    rule["to"] = post.get(prefix + "to", "").strip()
