"""Tasks written in the body of a plan.

* "TỔ CHỨC THỰC HIỆN": numbered subsections named after an agency, whose
  bullets are that agency's duties, or items whose sentence begins with the
  agency ("Sở X chủ trì, phối hợp với Y ...").
* Sections titled "NHIỆM VỤ ..." ("NHIỆM VỤ, GIẢI PHÁP", "NHIỆM VỤ CỤ THỂ"):
  every leaf bullet is a task, grouped under its numbered heading.
* "... yêu cầu <agencies> thực hiện những nội dung sau:" followed by numbered items.
"""

from __future__ import annotations

import re

from .agencies import is_agency_heading, leading_agency, split_agencies
from .deadlines import Deadline, search_deadline
from .layout import Para
from .model import Task
from .textutil import lower, repair, strip_trailing_punct

_ORG_SECTION = re.compile(r"tổ\s+chức\s+thực\s+hiện|phân\s+công|trách\s+nhiệm", re.IGNORECASE)
_TASK_SECTION = re.compile(r"nhiệm\s+vụ", re.IGNORECASE)
_NOT_TASK_SECTION = re.compile(r"mục\s+(?:đích|tiêu)|tình\s+hình|kết\s+quả|đánh\s+giá", re.IGNORECASE)
_REQUEST = re.compile(
    r"(?:yêu\s+cầu|đề\s+nghị|giao)\s+(?P<who>.+?)\s+(?:thực\s+hiện|triển\s+khai|quán\s+triệt)\s+"
    r"(?:tốt\s+)?(?:những|các|một\s+số)\s+(?:nội\s+dung|nhiệm\s+vụ|việc)(?:\s+\S+){0,3}\s*(?:sau|như\s+sau)\s*:\s*$",
    re.IGNORECASE,
)
_COORD = re.compile(r"phối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với\s+)?", re.IGNORECASE)
_NO_DEADLINE = Deadline("", "none", None, None, False, None)


def _coordinators(text: str) -> list[str]:
    out: list[str] = []
    for m in _COORD.finditer(text):
        rest = text[m.end():]
        split = leading_agency(rest)
        if split:
            for name in split_agencies(split[0]):
                if name not in out:
                    out.append(name)
    return out


def _deadline(text: str) -> Deadline:
    return search_deadline(text) or _NO_DEADLINE


def _task(no: str, name: str, lead: list[str], p: Para, group: str | None, section: str) -> Task:
    text = strip_trailing_punct(repair(name))
    return Task(no=no, name=text, lead=lead, coordinators=_coordinators(text), deadline=_deadline(text),
                source="body", group=group, section=section, snippet=p.text, line=p.line)


def _roman_title(p: Para) -> str:
    return p.titles[0] if p.path and p.path[0] and p.path[0][0] in "IVX" else ""


def _label(p: Para, heading: Para | None) -> str:
    parts = [x for x in p.path if x]
    if p.kind in ("num", "roman") and p.label:
        parts.append(p.label)
    if not parts:
        return ""
    roman = parts[0] if parts[0][0] in "IVX" else ""
    deepest = parts[-1] if len(parts) > 1 or not roman else ""
    return f"{roman}.{deepest}" if roman and deepest else (roman or deepest)


def extract_body_tasks(paras: list[Para]) -> list[Task]:
    tasks: list[Task] = []
    counters: dict[str, int] = {}

    def add(base: str, t: Task) -> None:
        counters[base] = counters.get(base, 0) + 1
        t.no = base if base else str(len(tasks) + 1)
        tasks.append(t)

    def finalize_numbers() -> None:
        # "V.1" alone when a subsection has a single duty; "V.1-2" otherwise
        seen: dict[str, int] = {}
        for t in tasks:
            base = t.section or ""
            if counters.get(base, 0) > 1:
                seen[base] = seen.get(base, 0) + 1
                t.no = f"{base}-{seen[base]}"
            else:
                t.no = base or t.no

    agency: list[str] | None = None  # lead of the current agency subsection
    agency_depth = 0
    request_leads: list[str] | None = None
    request_depth = 0
    for i, p in enumerate(paras):
        roman = _roman_title(p)
        if p.kind == "roman":
            agency = None
            request_leads = None
            continue
        section_label = _label(p, None)
        # --- "yêu cầu X thực hiện những nội dung sau:" -------------------------------
        m = _REQUEST.search(p.text)
        if m:
            request_leads = split_agencies(m.group("who"))
            request_depth = 0
            continue
        if request_leads is not None:
            if p.kind == "num" and (request_depth == 0 or p.depth == request_depth):
                request_depth = p.depth
                add(p.label or "", _task(p.label or "", p.body, list(request_leads), p, None, p.label or ""))
                tasks[-1].section = p.label or ""
                continue
            if p.kind in ("bullet", "letter") or (p.kind == "num" and p.depth > request_depth):
                continue
            request_leads = None
        if p.text.startswith("("):
            continue
        # --- TỔ CHỨC THỰC HIỆN ---------------------------------------------------------
        if roman and _ORG_SECTION.search(roman) or (not roman and _ORG_SECTION.search(" ".join(p.titles))):
            if p.kind == "num":
                if agency is not None and p.depth > agency_depth:
                    pass
                else:
                    agency = None
                body = p.body
                if is_agency_heading(body):
                    agency = split_agencies(re.sub(r"^(?:Đề nghị|Giao)\s+", "", strip_trailing_punct(body)))
                    agency_depth = p.depth
                    continue
                split = leading_agency(body)
                if split:
                    t = _task("", body, split_agencies(split[0]), p, None, section_label)
                    add(section_label, t)
                    t.section = section_label
                continue
            # bullets / plain paragraphs
            split = leading_agency(p.body)
            parent_label = _label(p, None)
            if split and (agency is None or p.kind == "bullet" and not _is_duty_of(agency, split[0])):
                t = _task("", p.body, split_agencies(split[0]), p, None, parent_label)
                add(parent_label, t)
                t.section = parent_label
            elif agency is not None and not p.body.rstrip().endswith(":"):
                t = _task("", p.body, list(agency), p, None, parent_label)
                add(parent_label, t)
                t.section = parent_label
            continue
        agency = None
        # --- NHIỆM VỤ ... sections -----------------------------------------------------
        if roman and _TASK_SECTION.search(roman) and not _NOT_TASK_SECTION.search(roman):
            if p.kind in ("num", "letter"):
                if _has_children(paras, i) or len(p.body) < 60:
                    continue
            elif p.body.rstrip().endswith(":") or len(p.body) < 25:
                continue
            group = p.titles[-1] if len(p.titles) > 1 else None
            if p.kind in ("num", "letter"):
                group = p.titles[-1] if len(p.titles) > 1 else None
            split = leading_agency(p.body)
            lead = split_agencies(split[0]) if split else []
            label = _label(p, None)
            t = _task("", p.body, lead, p, strip_trailing_punct(repair(group)) if group else None, label)
            add(label, t)
            t.section = label
    finalize_numbers()
    return tasks


def _is_duty_of(agency: list[str], subject: str) -> bool:
    return any(lower(a) in lower(subject) or lower(subject) in lower(a) for a in agency)


def _has_children(paras: list[Para], i: int) -> bool:
    p = paras[i]
    for q in paras[i + 1:]:
        if q.kind in ("roman", "num", "letter") and q.depth <= p.depth:
            return False
        if q.text.startswith("("):
            continue
        return True
    return False
