"""Questions about the system's own data, recognised on the folded question and answered from the database
through the selectors of the pages (tasks, reporting, indicators), each sentence citing the record or the
figure (with its date and the link to the list behind it):

- who leads a task ("sở nào chủ trì nhiệm vụ …"), a task's deadline ("thời hạn nhiệm vụ …");
- an agency's overdue tasks ("nhiệm vụ nào của Sở X đang quá hạn");
- report due dates ("hạn báo cáo 6 tháng");
- an indicator's target and latest value ("tỷ trọng kinh tế số năm 2030 là bao nhiêu").
"""

import re
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from giamsat.core.text import fold
from giamsat.indicators.parsing import InputError, format_number, parse_period
from giamsat.indicators.selectors import indicator_get, public_indicators
from giamsat.metrics.selectors import task_figures
from giamsat.organizations.models import Organization, OrganizationAlias
from giamsat.qa.answer import MIN_COVERAGE, Citation, Sentence, citation_of, supported
from giamsat.qa.retrieval import Found, Scope, document_name, retrieve
from giamsat.reporting.models import ReportingRule
from giamsat.reporting.selectors import period_list
from giamsat.tasks.filters import TaskFilterSet
from giamsat.tasks.models import Task
from giamsat.tasks.selectors import task_cards, task_list
from giamsat.tasks.status import StatusCode

OVERDUE = re.compile(r"\bqua han\b|\bcham tien do\b|\btre han\b")
LEAD = re.compile(r"\bchu tri\b|\bphu trach\b|\bdau moi\b")
REPORT = re.compile(r"\bbao cao\b")
WHEN = re.compile(r"\bhan\b|\bthoi han\b|\bngay nao\b|\bkhi nao\b|\bbao gio\b|\btruoc ngay\b|\blich\b")
INDICATOR = re.compile(r"\bchi tieu\b|\bmuc tieu\b|\bty trong\b|\bti trong\b|\bty le\b|\bti le\b|\bphan tram\b"
                       r"|\bbao nhieu\b|\bso lieu\b")
FREQUENCIES = [  # folded words → reporting frequency, the longer first
    (re.compile(r"\b(6|sau) thang\b"), "6-month"), (re.compile(r"\b(9|chin) thang\b"), "9-month"),
    (re.compile(r"\bquy\b"), "quarterly"), (re.compile(r"\b(hang|moi) thang\b|\bthang\b"), "monthly"),
    (re.compile(r"\bnam\b"), "annual"),
]
MAX_LISTED = 5


def _date(day) -> str:
    return f"{day:%d/%m/%Y}"


def _best(question: str, scope: Scope, kinds: set[str]) -> list[Found]:
    _, found = retrieve(question, scope, top=3, kinds=kinds)
    return [f for f in found if f.coverage >= MIN_COVERAGE and f.score >= 0.8 * found[0].score][:2] if found else []


# ------------------------------------------------------------------------------------------------ tasks


def _card(user, task_id: int) -> dict | None:
    cards = task_cards(task_list(user).filter(pk=task_id))
    return cards[0] if cards else None


def _task_name(card: dict) -> str:
    return f"“{card['name'].rstrip('.')}”"


def _lead(question: str, scope: Scope, user) -> list[Sentence]:
    out = []
    for f in _best(question, scope, {"task"}):
        card = _card(user, f.passage.task_id)
        if card is None or not card["leads"]:
            continue
        text = f"Nhiệm vụ {_task_name(card)} do {', '.join(o['name'] for o in card['leads'])} chủ trì"
        if card["coordinators"]:
            text += f", phối hợp: {', '.join(o['name'] for o in card['coordinators'][:5])}"
        out.append(Sentence(text + ".", [citation_of(f, f.passage.text, public=False)]))
    return out


def _deadline(question: str, scope: Scope, user) -> list[Sentence]:
    out = []
    for f in _best(question, scope, {"task"}):
        card = _card(user, f.passage.task_id)
        if card is None:
            continue
        status = card["status"]
        text = f"Nhiệm vụ {_task_name(card)} có thời hạn: {card['deadline_text'] or 'không ghi'}"
        quote = f.passage.text
        if status.due:
            text += f" (hạn {_date(status.due)})"
            quote += f" Hạn hiện tại: {_date(status.due)}."
        out.append(Sentence(f"{text}; tình trạng: {status.label.lower()}.",
                            [citation_of(f, quote + f" Tình trạng: {status.label.lower()}.", public=False)]))
    return out


def organization_named(folded_question: str) -> Organization | None:
    """The organization whose name, short name or alias the question contains (the longest such name)."""
    padded = f" {folded_question} "
    best, best_len = None, 0
    names = [(o.pk, n) for o in Organization.objects.filter(valid_to__isnull=True).only("id", "name", "short_name")
             for n in (o.name, o.short_name) if n]
    names += list(OrganizationAlias.objects.filter(organization__valid_to__isnull=True)
                  .values_list("organization_id", "alias"))
    for pk, name in names:
        key = fold(name)
        if key and len(key) > best_len and f" {key} " in padded:
            best, best_len = pk, len(key)
    return Organization.objects.filter(pk=best).first() if best else None


def _overdue(org: Organization, user) -> list[Sentence]:
    today = timezone.localdate()
    params = {"organization": org.pk, "role": "lead", "status": StatusCode.OVERDUE}
    tasks = TaskFilterSet.narrow(task_list(user, coordinators=False), params)
    # the count is the metrics module's "overdue" figure, over the tasks of this unit the asker may see
    led = TaskFilterSet.narrow(task_list(user, coordinators=False), {"organization": org.pk, "role": "lead"})
    count = task_figures(Task.objects.filter(pk__in=led.values("pk")), today)["tasks_overdue"]
    url = reverse("web:tasks") + "?" + urlencode(params)
    head = (f"{org.name} đang chủ trì {count} nhiệm vụ quá hạn (số liệu ngày {_date(today)})." if count else
            f"Không có nhiệm vụ nào do {org.name} chủ trì đang quá hạn (số liệu ngày {_date(today)}).")
    figure = Citation("figure", org.pk, f"Danh sách nhiệm vụ quá hạn của {org.display_name}, ngày {_date(today)}",
                      head, url)
    out = [Sentence(head, [figure])]
    for card in task_cards(tasks.order_by("cur_due", "pk")[:MAX_LISTED], today=today):
        due = f"hạn {_date(card['status'].due)}" if card["status"].due else "chưa rõ hạn"
        doc_label = task_label(card)
        quote = f"{card['name']}. Thời hạn: {card['deadline_text']}. Tình trạng: {card['status'].label}, {due}."
        out.append(Sentence(f"{_task_name(card)} — {due}.",
                            [Citation("task", card["id"], doc_label, quote, reverse("web:task", args=[card["id"]]))]))
    return out


def task_label(card: dict) -> str:
    from giamsat.documents.models import Document

    doc = Document.objects.only("id", "doc_type", "number", "date", "issuer_name").get(pk=card["document_id"])
    return f"{document_name(doc)}, nhiệm vụ {card['number']}" if card["number"] else document_name(doc)


# ------------------------------------------------------------------------------------------- reporting


def _reports(question: str, folded: str, scope: Scope, user) -> list[Sentence]:
    frequency = next((f for pattern, f in FREQUENCIES if pattern.search(folded)), None)
    _, found = retrieve(question, scope, top=20, kinds={"rule"})
    by_id = {r.pk: r for r in ReportingRule.objects.filter(
        pk__in=[f.passage.rule_id for f in found], is_active=True).select_related("document")}
    rules = [by_id[f.passage.rule_id] for f in found if f.passage.rule_id in by_id]
    rules = [r for r in rules if r.due_day and (not frequency or r.frequency == frequency)][:2]
    out = []
    for rule in rules:
        due = f"trước ngày {rule.due_day}" + (f" tháng {rule.due_month}" if rule.due_month else "")
        to = f" gửi {rule.recipient_text}" if rule.recipient_text else ""
        doc = rule.document
        url = reverse("qa:public_text" if scope.public else "qa:text", args=[doc.pk])
        citation = Citation("document", doc.pk, f"{document_name(doc)}, chế độ báo cáo", rule.source_text, url)
        out.append(Sentence(f"Theo {document_name(doc)}, báo cáo {rule.get_frequency_display().lower()}{to} {due}.",
                            [citation]))
        if not scope.public:
            out += _next_period(rule, user)
    return out


def _next_period(rule, user) -> list[Sentence]:
    today = timezone.localdate()
    period = period_list(user).filter(rule=rule, due_date__gte=today).order_by("due_date").first()
    if period is None:
        return []
    text = f"Kỳ sắp tới: {period.label}, hạn gửi {_date(period.due_date)}."
    return [Sentence(text, [Citation("figure", period.pk, f"Lịch báo cáo, ngày {_date(today)}", text,
                                     reverse("reporting:calendar"))])]


# ------------------------------------------------------------------------------------------ indicators


def _indicators(question: str, scope: Scope, user) -> list[Sentence]:
    found = _best(question, scope, {"target"})
    if not found:
        return []
    f = found[0]
    sentence = f.passage.text.split(" Văn bản ghi:")[0]
    out = [Sentence(sentence, [citation_of(f, f.passage.text, public=scope.public)])]
    if scope.public:
        indicator = next((i for i in public_indicators() if i.pk == f.passage.indicator_id), None)
    else:
        indicator = indicator_get(user, f.passage.indicator_id)
    latest = indicator.assessment.latest if indicator else None
    if latest is not None:
        try:
            period = parse_period(latest.period).label
        except InputError:
            period = latest.period
        unit = f" {indicator.unit}" if indicator.unit else ""
        text = (f"Số liệu mới nhất{' (đã thẩm định)' if scope.public else ''}: {format_number(latest.value, 4)}"
                f"{unit}, kỳ {period}{' (ước thực hiện)' if latest.is_estimate else ''}.")
        url = reverse("dashboard:public") if scope.public else reverse("indicators:detail", args=[indicator.pk])
        label = f"Chỉ tiêu {indicator.code}, số liệu đến ngày {_date(latest.period_end)}"
        out.append(Sentence(text, [Citation("figure", indicator.pk, label, text, url)]))
    return out


def answer_from_data(question: str, scope: Scope, *, user=None) -> list[Sentence]:
    """Sentences from the database when the question is about the system's data, else []."""
    folded = fold(question)
    user = user if user is not None and not scope.public else AnonymousUser()
    sentences: list[Sentence] = []
    if OVERDUE.search(folded) and not scope.public and (org := organization_named(folded)):
        sentences = _overdue(org, user)
    elif REPORT.search(folded) and WHEN.search(folded):
        sentences = _reports(question, folded, scope, user)
    elif LEAD.search(folded) and not scope.public:
        sentences = _lead(question, scope, user)
    elif WHEN.search(folded) and re.search(r"\bnhiem vu\b", folded) and not scope.public:
        sentences = _deadline(question, scope, user)
    elif INDICATOR.search(folded):
        sentences = _indicators(question, scope, user)
    return [s for s in sentences if supported(s)]
