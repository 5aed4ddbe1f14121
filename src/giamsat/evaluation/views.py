"""Evaluation pages: the list and the run, the ranking of one evaluation (review, adjust, publish, reopen),
an agency's breakdown with its objection, the files, and the public bands."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamsat.accounts.access import acts_for, can_manage_evaluations, can_object_to_evaluation, sees_all
from giamsat.core.errors import REFUSALS, ApplicationError
from giamsat.core.links import address_of
from giamsat.evaluation import services
from giamsat.evaluation.forms import AdjustmentForm, AnswerForm, ObjectionForm, RunForm
from giamsat.evaluation.models import Evaluation
from giamsat.evaluation.selectors import (
    distribution,
    evaluation_get,
    evaluation_list,
    item_labels,
    objection_get,
    objections_of,
    public_results,
    ranking,
    result_get,
    results_of,
    trend,
    trend_chart,
)

PAGE_SIZE = 100  # ranking rows per page (a national ranking of communes has thousands)
ITEM_ROUTES = {"task": "web:task", "report": "reporting:report", "indicator": "indicators:detail"}


def _done(request, message: str, pk: int):
    messages.success(request, message)
    return redirect("evaluation:detail", pk=pk)


def _refused(request, exc: ApplicationError, pk: int):
    if isinstance(exc, REFUSALS):
        raise exc
    messages.error(request, exc.message)
    return redirect("evaluation:detail", pk=pk)


@require_GET
def evaluations(request):
    manager = can_manage_evaluations(request.user)
    return render(request, "evaluation/list.html", {
        "nav": "evaluation", "evaluations": _listed(request.user),
        "form": RunForm() if manager else None, "can_manage": manager})


def _listed(user):
    return evaluation_list(user).defer("criteria_snapshot")[:100]  # the list shows none of the criteria


@require_POST
def run(request):
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            evaluation = services.evaluation_run(actor=request.user, period=form.cleaned_data["period"],
                                                 level=form.cleaned_data["level"], as_of=form.cleaned_data["as_of"])
        except ApplicationError as exc:
            if isinstance(exc, REFUSALS):
                raise
            form.add_error(None, exc.message)
        else:
            return _done(request, "Đã tính điểm (dự thảo). Rà soát, điều chỉnh nếu cần rồi công bố.", evaluation.pk)
    return render(request, "evaluation/list.html", {
        "nav": "evaluation", "evaluations": _listed(request.user), "form": form, "can_manage": True},
        status=400)


@require_GET
def detail(request, pk: int):
    evaluation = evaluation_get(request.user, pk)
    visible = results_of(request.user, evaluation, breakdown=False)
    scores = list(visible.values_list("score", "band"))  # the chart reads every visible row, two columns
    paginator = Paginator(visible, PAGE_SIZE)
    paginator.count = len(scores)  # the same rows: no COUNT query of its own
    page = paginator.get_page(request.GET.get("page"))
    rows = ranking(request.user, evaluation, results=page.object_list)
    manager = can_manage_evaluations(request.user)
    draft = manager and evaluation.state == Evaluation.State.DRAFT
    return render(request, "evaluation/detail.html", {
        "nav": "evaluation", "evaluation": evaluation, "rows": rows, "ranking_rows": _ranking_rows(evaluation, rows),
        "page": page,
        "snapshot": evaluation.criteria_snapshot, "can_manage": manager, "sees_all": sees_all(request.user),
        "chart": distribution(scores, evaluation.criteria_snapshot.get("bands", [])) if len(scores) > 1 else None,
        "adjust_form": AdjustmentForm(organizations=visible.values_list("organization_id", "organization__name")
                                      .order_by("organization__name")) if draft else None,
        "adjustments": evaluation.adjustments.select_related("organization", "created_by") if manager else (),
        "versions": Evaluation.objects.visible_to(request.user).filter(
            period=evaluation.period, level=evaluation.level).only("id", "version", "state").order_by("-version"),
        "objections": objections_of(request.user, evaluation) if manager else (),
    })


_RANKING_ROW = ('<tr><td>{}</td>\n<td><a href="{}">{}</a></td>\n<td>{}</td>\n'
                '<td>{}</td><td><strong>{}</strong></td>\n<td>{}</td></tr>\n')


def _change(row) -> str:
    change = row.score_change
    if change is None:
        return mark_safe('<span class="muted">chưa có kỳ trước</span>')
    moved = row.rank_change
    ranks = (f", tăng {moved} bậc" if moved > 0 else f", giảm {-moved} bậc") if moved else ""
    return f"{'+' if change > 0 else ''}{floatformat(change, 2)} điểm{ranks}"


def _ranking_rows(evaluation, rows) -> str:
    """The ranking's rows written in Python (issue #25: 100 rows a page cost ≈1 ms each through the
    template), the same markup and figures (the stored score and band, as before)."""
    link = address_of("evaluation:agency", evaluation.pk)
    return mark_safe("".join(format_html(
        _RANKING_ROW, row.result.rank, link(row.result.organization_id), row.result.organization.name,
        row.result.head_name or "—", floatformat(row.result.score, 2), row.result.band, _change(row))
        for row in rows))


@require_POST
def recompute(request, pk: int):
    evaluation = evaluation_get(request.user, pk)
    try:
        evaluation = services.evaluation_run(actor=request.user, period=evaluation.period, level=evaluation.level,
                                             as_of=evaluation.as_of)
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    return _done(request, "Đã tính lại điểm theo số liệu hiện có.", evaluation.pk)


@require_POST
def adjust(request, pk: int):
    evaluation = evaluation_get(request.user, pk)
    form = AdjustmentForm(request.POST, organizations=evaluation.results.values_list(
        "organization_id", "organization__name"))
    if not form.is_valid():
        messages.error(request, "Điều chỉnh điểm cần chọn cơ quan, ghi điểm, lý do và số văn bản căn cứ.")
        return redirect("evaluation:detail", pk=pk)
    data = form.cleaned_data
    try:
        services.adjustment_add(actor=request.user, evaluation=evaluation, organization_id=data["organization"],
                                points=data["points"], reason=data["reason"],
                                document_number=data["document_number"])
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    return _done(request, "Đã ghi điều chỉnh điểm và tính lại xếp hạng.", pk)


@require_POST
def publish(request, pk: int):
    evaluation = evaluation_get(request.user, pk)
    try:
        services.evaluation_publish(actor=request.user, evaluation=evaluation,
                                    show_public=bool(request.POST.get("show_public")))
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    return _done(request, "Đã công bố kết quả đánh giá, xếp loại.", pk)


@require_POST
def reopen(request, pk: int):
    evaluation = evaluation_get(request.user, pk)
    try:
        draft = services.evaluation_reopen(actor=request.user, evaluation=evaluation)
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    return _done(request, f"Đã mở lại: phiên bản {draft.version} (dự thảo); phiên bản cũ vẫn giữ nguyên.", draft.pk)


@require_POST
def public_toggle(request, pk: int):
    evaluation = evaluation_get(request.user, pk)
    show = request.POST.get("show") == "1"
    services.evaluation_set_public(actor=request.user, evaluation=evaluation, show=show)
    return _done(request, "Trang công khai sẽ hiện xếp loại của đợt này." if show
                 else "Trang công khai không hiện xếp loại của đợt này.", pk)


def _link(kind: str, pk) -> str:
    route = ITEM_ROUTES.get(kind)
    if route is None or pk is None:
        return ""
    try:
        return reverse(route, kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


def _links() -> dict[str, str]:
    """kind → the start of its page's address (the id and "/" follow): reversed once, not once an item."""
    out = {}
    for kind in ITEM_ROUTES:
        start = _link(kind, 0)
        if start.endswith("/0/"):
            out[kind] = start[:-2]
    return out


_ITEM_ROW = '<tr><td>{}</td>\n<td class="small">{}</td><td>{}</td>{}</tr>\n'


def _item_rows(items: list[dict], *, score: bool) -> str:
    """A criterion's items written in Python (issue #25: a department's breakdown cites hundreds), the same
    markup as the template wrote."""
    def first(i):
        if i["url"]:
            return format_html('<a href="{}">{}</a>', i["url"], i["label"] or "Xem")
        return i["label"] or ("Không phát sinh" if i["kind"] == "none" else i.get("note", ""))

    return mark_safe("".join(format_html(
        _ITEM_ROW, first(i), i.get("note", ""), floatformat(i.get("effect", ""), 2),
        format_html("<td>{}</td>", floatformat(i.get("lost", ""), 2)) if score else "") for i in items))


@require_http_methods(["GET", "POST"])
def agency(request, pk: int, organization: int):
    evaluation = evaluation_get(request.user, pk)
    result = result_get(request.user, evaluation, organization)
    may_object = (can_object_to_evaluation(request.user) and acts_for(request.user, organization)
                  and evaluation.state == Evaluation.State.PUBLISHED
                  and (evaluation.objection_deadline is None or timezone.localdate() <= evaluation.objection_deadline))
    form = ObjectionForm(request.POST or None) if may_object else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise ApplicationError("Không thể gửi khiếu nại, giải trình cho kết quả này: chỉ khi kết quả đang "
                                   "công bố, còn trong hạn khiếu nại và là kết quả của đơn vị bạn.")
        if form.is_valid():
            try:
                services.objection_file(user=request.user, evaluation=evaluation, organization_id=organization,
                                        text=form.cleaned_data["text"])
            except ApplicationError as exc:
                if isinstance(exc, REFUSALS):
                    raise
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã gửi khiếu nại, giải trình. Cơ quan theo dõi sẽ trả lời.")
                return redirect("evaluation:agency", pk=pk, organization=organization)
        status = 400
    labels = item_labels(result.criteria)
    links = _links()
    criteria = []
    for c in result.criteria:
        items = [{**i, "label": labels.get((i["kind"], i["id"]), ""),
                  "url": f"{links[i['kind']]}{i['id']}/" if i["kind"] in links and i["id"] is not None else ""}
                 for i in c["items"]]
        criteria.append({**c, "items": items, "rows": _item_rows(items, score=c.get("kind") == "score")})
    manager = can_manage_evaluations(request.user)
    objections = objections_of(request.user, evaluation, organization)
    history = trend(request.user, organization, evaluation.level)
    return render(request, "evaluation/agency.html", {
        "nav": "evaluation", "evaluation": evaluation, "result": result, "criteria": criteria,
        "trend": history, "trend_chart": trend_chart(history), "form": form,
        "objections": objections, "answer_form": AnswerForm() if manager else None,
    }, status=status)


@require_POST
def objection_answer(request, pk: int):
    objection = objection_get(request.user, pk)
    form = AnswerForm(request.POST)
    back = redirect("evaluation:agency", pk=objection.evaluation_id, organization=objection.organization_id)
    if not form.is_valid():
        messages.error(request, "Hãy ghi nội dung trả lời.")
        return back
    data = form.cleaned_data
    try:
        services.objection_answer(actor=request.user, objection=objection, answer=data["answer"],
                                  points=data["points"] or None, document_number=data["document_number"])
    except ApplicationError as exc:
        if isinstance(exc, REFUSALS):
            raise
        messages.error(request, exc.message)
        return back
    messages.success(request, "Đã trả lời khiếu nại." + (" Điểm điều chỉnh được ghi vào phiên bản dự thảo mới."
                                                        if data["points"] else ""))
    return back


@require_GET
def ranking_xlsx(request, pk: int):
    from giamsat.evaluation.files import ranking_workbook

    evaluation = evaluation_get(request.user, pk)
    content = ranking_workbook(evaluation, ranking(request.user, evaluation, breakdown=True))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="xep-loai-{evaluation.period}-{evaluation.level}.xlsx"'
    return response


@require_GET
def ranking_docx(request, pk: int):
    from giamsat.evaluation.report import ranking_report

    evaluation = evaluation_get(request.user, pk)
    content = ranking_report(evaluation, ranking(request.user, evaluation))
    response = HttpResponse(content,
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-xep-loai-{evaluation.period}.docx"'
    return response


@require_GET
def public(request):
    return render(request, "evaluation/public.html", {"nav": "public", "evaluations": public_results()})
