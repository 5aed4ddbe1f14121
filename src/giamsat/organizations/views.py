"""The reorganization page (administrator, monitoring office: the route table says who): the form, the
preview of what moves and what stays, the commit, the list of decisions with revert; and the upload of
national identifier codes. No role checks here (ADR 0019)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from giamsat.core.errors import ApplicationError, NotFoundError
from giamsat.core.kept import CSRF_PLACEHOLDER, kept, with_csrf
from giamsat.core.text import clean_spaces
from giamsat.organizations.chooser import MEDIA as CHOOSER_MEDIA
from giamsat.organizations.codes import organization_codes_import
from giamsat.organizations.forms import CodesUploadForm, ReorganizationForm
from giamsat.organizations.models import Reorganization, Transfer
from giamsat.organizations.reorganize import (
    TRANSFER_FIELDS_FOR_BLOCKERS,
    ReorganizationInput,
    reorganization_blockers,
    reorganization_preview,
    reorganization_record,
    reorganization_revert,
)
from giamsat.organizations.selectors import reorganization_list


def _input(form: ReorganizationForm, post) -> ReorganizationInput:
    d = form.cleaned_data
    kind = d["kind"]
    succs = list(d["successors"])
    new = [{"name": clean_spaces(n)} for n in d["new_successors"].splitlines() if clean_spaces(n)]
    return ReorganizationInput(
        kind=kind, predecessor_ids=[o.pk for o in d["predecessors"]], successor_ids=[o.pk for o in succs],
        new_successors=new, effective_date=d["effective_date"], document_number=d["document_number"],
        document_date=d["document_date"], document_issuer=d["document_issuer"], rule=d["rule"],
        task_map=form.task_map(post) if kind == "split" else {}, new_name=d["new_name"],
        new_parent_id=d["new_parent"].pk if d["new_parent"] else None, note=d["note"],
        corrects_id=d["corrects"].pk if d["corrects"] else None,
    )


def _sections(preview, sections) -> list[dict]:
    """The preview's sections as the template shows them: names instead of ids."""
    names = preview.names
    out = []
    for s in sections:
        if not s.title:
            continue
        rows = [{"id": line.object_id, "label": line.label, "source": names.get(line.from_id, ""),
                 "targets": [names.get(t, "") for t in line.to_ids], "to_ids": line.to_ids, "note": line.note,
                 "choose": s.key == "task" and preview.data.kind == "split" and preview.data.rule != "area"}
                for line in s.lines]
        out.append({"key": s.key, "title": s.title, "rows": rows})
    return out


def _decisions():
    # The transfers that the revert check reads, in one query for every decision shown (not four a decision).
    transfers = Prefetch("transfers", queryset=Transfer.objects.only(*TRANSFER_FIELDS_FOR_BLOCKERS))
    rows = list(reorganization_list().prefetch_related(transfers)[:200])
    for r in rows:
        r.blockers = reorganization_blockers(r) if r.state != Reorganization.State.REVERTED else ["đã hủy"]
    return rows


@require_http_methods(["GET", "POST"])
def reorganizations(request):
    if request.method == "GET":
        # The empty form and the decisions, kept while current (core.kept, ADR 0056): organizations,
        # decisions and what was done under them renew it.
        body = kept("reorganizations", request, timezone.localdate(), {}, lambda: _body(
            {"form": ReorganizationForm(), "decisions": _decisions(), "csrf_token": CSRF_PLACEHOLDER}))
        return _page(request, body)
    form = ReorganizationForm(request.POST)
    preview, status = None, 200
    if not form.is_valid():
        status = 400
    else:
        try:
            data = _input(form, request.POST)
            if request.POST.get("action") == "commit":
                reorg = reorganization_record(user=request.user, data=data)
                reorg.refresh_from_db()
                messages.success(request, f"Đã ghi nhận: {reorg}. " + (
                    "Đã áp dụng." if reorg.state == Reorganization.State.APPLIED
                    else "Sẽ áp dụng từ ngày hiệu lực."))
                return redirect("organizations:reorganizations")
            preview = reorganization_preview(user=request.user, data=data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            status = 400
    context = {"form": form, "preview": preview, "decisions": _decisions(), "csrf_token": CSRF_PLACEHOLDER}
    if preview is not None:
        context.update(moves=_sections(preview, preview.moves), stays=_sections(preview, preview.stays),
                       successor_choices=[(i, n) for i, n in preview.names.items()
                                          if i > 0 and i in {o.pk for o in preview.successors}])
    return _page(request, _body(context), status=status)


def _body(context: dict) -> str:
    return render_to_string("organizations/_reorganizations_body.html", context)


def _page(request, body: str, *, status: int = 200):
    return render(request, "organizations/reorganizations.html",
                  {"nav": "organizations", "body": with_csrf(body, request), "media": CHOOSER_MEDIA},
                  status=status)


@require_POST
def reorganization_revert_view(request, pk: int):
    reorg = Reorganization.objects.filter(pk=pk).first()
    if reorg is None:
        raise NotFoundError("Không tìm thấy quyết định sắp xếp.")
    reorganization_revert(user=request.user, reorg=reorg, note=clean_spaces(request.POST.get("note", "")))
    messages.success(request, f"Đã hủy quyết định {reorg.document_number}; mọi nội dung đã trở lại như trước.")
    return redirect("organizations:reorganizations")


@require_http_methods(["GET", "POST"])
def codes_upload(request):
    form = CodesUploadForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = organization_codes_import(filename=upload.name, data=upload.read())
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = 400
        else:
            status = 400
    return render(request, "organizations/codes.html", {"nav": "organizations", "form": form, "result": result},
                  status=status)
