"""Feedback pages: the public form, lookup and answers (anyone); the list, filing from inside, an item with
the office's triage and the agency's answer, statistics (signed in)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from giamsat.accounts.access import (
    can_answer_feedback,
    can_file_feedback_inside,
    can_triage_feedback,
    organization_ids_seen,
    sees_feedback_submitter,
)
from giamsat.core.errors import REFUSALS, ApplicationError, NotFoundError
from giamsat.core.kept import ANY, kept
from giamsat.core.links import address_of
from giamsat.core.storage import file_response
from giamsat.documents.models import Document
from giamsat.feedback import forms as ff
from giamsat.feedback.filters import FeedbackFilterSet
from giamsat.feedback.models import Feedback
from giamsat.feedback.selectors import (
    answer_punctuality,
    feedback_file_get,
    feedback_files,
    feedback_get,
    feedback_list,
    feedback_statistics,
    is_overdue,
    public_lookup,
    published_answers,
)
from giamsat.feedback.services import (
    AttachedFile,
    default_answer_due,
    feedback_answer,
    feedback_merge,
    feedback_publish,
    feedback_reject,
    feedback_request_reassign,
    feedback_route,
    feedback_submit,
)
from giamsat.feedback.throttle import HONEYPOT, client_address
from giamsat.organizations.chooser import MEDIA as CHOOSER_MEDIA

PAGE_SIZE = 50


def _published_documents(request):
    """The newest published documents a submission may be about, kept until documents change (core.kept,
    #25: the country's public form sorted its published documents on every view, ≈70 ms)."""
    return kept("published-documents", request, timezone.localdate(), {}, lambda: [
        (d.pk, d.label) for d in Document.objects.filter(is_published=True).order_by("-date", "-id")[:200]],
        scopes=[ANY])


def _submit(request, form, *, public: bool):
    data = form.cleaned_data
    try:
        item = feedback_submit(
            # The public form is the citizens' channel: whoever uses it files as a visitor (agencies file
            # as their organization from inside, feedback:new).
            user=AnonymousUser() if public else request.user, kind=data["kind"], subject=data["subject"],
            content=data["content"],
            name=data.get("name", ""), contact=data.get("contact", ""), document_id=data.get("document"),
            task_id=data.get("task"),
            files=[AttachedFile(f.name, f) for f in data["files"]], address=client_address(request),
            honeypot=request.POST.get(HONEYPOT, "") if public else "",
        )
    except REFUSALS:
        raise
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return None
    return item


@require_http_methods(["GET", "POST"])
def public_form(request):
    form = ff.PublicSubmitForm(request.POST or None, request.FILES or None, documents=_published_documents(request))
    if request.method == "POST" and form.is_valid():
        item = _submit(request, form, public=True)
        if item is not None:
            return redirect(f"{reverse('feedback:public_lookup')}?ma={item.tracking_code}&moi=1")
    return render(request, "feedback/public_form.html", {"nav": "feedback_public", "form": form},
                  status=400 if request.method == "POST" else 200)


def public_lookup_view(request):
    form = ff.LookupForm(request.GET or None)
    found = parts = None
    error = ""
    if request.GET and form.is_valid():
        try:
            found, parts = public_lookup(form.cleaned_data["ma"])
        except NotFoundError as exc:
            error = exc.message
    return render(request, "feedback/public_lookup.html", {
        "nav": "feedback_public", "form": form, "item": found, "parts": parts, "error": error,
        "new": request.GET.get("moi") == "1" and found is not None,
    }, status=404 if error else 200)


def public_answers_view(request):
    return render(request, "feedback/public_answers.html", {"nav": "feedback_public",
                                                            "answers": published_answers()})


def feedback_index(request):
    def compute():
        filters = FeedbackFilterSet(request.GET, queryset=feedback_list(request.user))
        filters.offer_choices(request.user)
        page = Paginator(filters.rows().order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
        return render_to_string("feedback/_list_body.html", {
            "form": filters.form, "page": page, "rows": _list_rows(page.object_list),
            "total": page.paginator.count, "request": request,
        }), 200 if filters.is_valid() else 400

    # Kept while current per scope, role and query string (core.kept, #25: 5 queries a view before); any
    # write to feedback renews `any`, read by every kept page.
    params = {"query": sorted((k, v) for k, values in request.GET.lists() for v in values),
              "role": request.user.role}
    body, status = kept("feedback-list", request, timezone.localdate(), params, compute, scopes=[ANY])
    return render(request, "feedback/list.html", {
        "nav": "feedback", "body": mark_safe(body),
        "can_file": can_file_feedback_inside(request.user), "tab": _list_tab(request.GET),
    }, status=status)


_ROW = ('<tr{}>\n<td data-label="Mã"><a href="{}">{}</a></td>\n<td data-label="Loại">{}</td>\n'
        '<td data-label="Tiêu đề" class="name">{}{}</td>\n<td data-label="Ngày nhận">{}</td>\n'
        '<td data-label="Cơ quan xử lý">{}</td>\n<td data-label="Hạn trả lời">{}{}</td>\n'
        '<td data-label="Trạng thái">{}{}</td>\n</tr>\n')


def _list_rows(items) -> str:
    """The list's rows written in Python (issue #25: the template cost about 1 ms a row), same markup."""
    today = timezone.localdate()
    detail = address_of("feedback:detail")
    kinds, states = dict(Feedback.Kind.choices), dict(Feedback.State.choices)
    rows = []
    for item in items:
        overdue = is_overdue(item, today)
        rows.append(format_html(
            _ROW, mark_safe(' class="overdue"') if overdue else "", detail(item.pk), item.tracking_code,
            kinds.get(item.kind, item.kind), item.subject,
            mark_safe(' <span class="badge">đề nghị chuyển</span>')
            if item.reassign_requested_at and item.state == Feedback.State.ROUTED else "",
            f"{timezone.localtime(item.created_at):%d/%m/%Y}",
            item.routed_to.display_name if item.routed_to_id else "—",
            f"{item.answer_due:%d/%m/%Y}" if item.answer_due else "—",
            mark_safe(' <span class="badge s-overdue">quá hạn</span>') if overdue else "",
            states.get(item.state, item.state), " · đã công khai" if item.is_public else ""))
    return mark_safe("".join(rows))


def _list_tab(query) -> str:
    if query.get("overdue"):
        return "overdue"
    return "inbox" if query.get("status") == Feedback.State.ROUTED and query.get("organization") else "list"


@require_http_methods(["GET", "POST"])
def feedback_new(request):
    form = ff.SubmitForm(request.POST or None, request.FILES or None, documents=_published_documents(request))
    if request.method == "POST" and form.is_valid():
        item = _submit(request, form, public=False)
        if item is not None:
            messages.success(request, f"Đã gửi; mã tra cứu {item.tracking_code}.")
            return redirect("feedback:detail", pk=item.pk)
    return render(request, "feedback/new.html", {"nav": "feedback", "form": form},
                  status=400 if request.method == "POST" else 200)


def feedback_detail(request, pk: int):
    item = feedback_get(request.user, pk)
    triage = can_triage_feedback(request.user)
    answerer = can_answer_feedback(request.user, item)
    route_initial = {"kind": item.kind, "agencies": [item.routed_to_id] if item.routed_to_id else [],
                     "answer_due": item.answer_due}
    return render(request, "feedback/detail.html", {
        "nav": "feedback", "item": item, "files": feedback_files(item), "overdue": is_overdue(item),
        "can_file": can_file_feedback_inside(request.user),
        "parts": item.parts.select_related("routed_to").order_by("id"),
        "duplicates": item.duplicates.order_by("id"),
        "show_submitter": sees_feedback_submitter(request.user), "triage": triage, "answerer": answerer,
        "route_form": ff.RouteForm(initial=route_initial) if triage else None, "media": CHOOSER_MEDIA if triage else "",
        "default_due": {k: default_answer_due(k) for k in Feedback.Kind.values} if triage else None,
        "merge_form": ff.MergeForm() if triage else None, "reject_form": ff.ReasonForm() if triage else None,
        "answer_form": ff.AnswerForm(initial={"answer": item.answer}) if answerer else None,
        "reassign_form": ff.ReasonForm() if answerer else None,
    })


def _act(request, pk: int, form_class, action, done: str, **form_kwargs):
    """The item's forms: one service call each, the refusal as a message, back to the item."""
    item = feedback_get(request.user, pk)
    form = form_class(request.POST, request.FILES or None, **form_kwargs)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("feedback:detail", pk=item.pk)
    try:
        action(item, form.cleaned_data)
    except REFUSALS:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("feedback:detail", pk=item.pk)


@require_POST
def feedback_route_view(request, pk: int):
    def route(item, data):
        feedback_route(user=request.user, feedback=item, agencies=data["agencies"], kind=data["kind"],
                       answer_due=data["answer_due"])

    return _act(request, pk, ff.RouteForm, route, "Đã chuyển cơ quan xử lý.")


@require_POST
def feedback_merge_view(request, pk: int):
    def merge(item, data):
        into = Feedback.objects.filter(tracking_code=data["into"].strip().upper()).first()
        if into is None:
            raise ApplicationError("Không tìm thấy phản ánh có mã tra cứu đã nhập.")
        feedback_merge(user=request.user, feedback=item, into=into)

    return _act(request, pk, ff.MergeForm, merge, "Đã gộp vào phản ánh trùng.")


@require_POST
def feedback_reject_view(request, pk: int):
    return _act(request, pk, ff.ReasonForm,
                lambda item, data: feedback_reject(user=request.user, feedback=item, reason=data["reason"]),
                "Đã ghi nhận không tiếp nhận.")


@require_POST
def feedback_answer_view(request, pk: int):
    def answer(item, data):
        feedback_answer(user=request.user, feedback=item, answer=data["answer"],
                        files=[AttachedFile(f.name, f) for f in data["files"]])

    return _act(request, pk, ff.AnswerForm, answer, "Đã gửi câu trả lời; cơ quan theo dõi quyết định công khai.")


@require_POST
def feedback_reassign_view(request, pk: int):
    return _act(request, pk, ff.ReasonForm,
                lambda item, data: feedback_request_reassign(user=request.user, feedback=item, reason=data["reason"]),
                "Đã gửi đề nghị chuyển; cơ quan theo dõi đã được thông báo.")


@require_POST
def feedback_publish_view(request, pk: int):
    def publish(item, data):
        feedback_publish(user=request.user, feedback=item, public=data["public"])

    return _act(request, pk, ff.PublishForm, publish, "Đã cập nhật công khai câu trả lời.")


def feedback_file(request, pk: int):
    found = feedback_file_get(request.user, pk)
    return file_response(found, found.file, found.sha256, filename=found.filename, content_type=found.content_type)


def feedback_stats(request):
    today = timezone.localdate()
    year = dt.date(today.year, 1, 1)
    return render(request, "feedback/stats.html", {
        "nav": "feedback", "stats": feedback_statistics(request.user), "year": today.year,
        "can_file": can_file_feedback_inside(request.user),
        "punctuality": answer_punctuality(organization_ids_seen(request.user), year, dt.date(today.year, 12, 31)),
    })
