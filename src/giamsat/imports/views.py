from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from giamsat.core.errors import ApplicationError
from giamsat.documents.models import DocumentType
from giamsat.imports.eoffice_views import eoffice_post, eoffice_review_page, known_sources
from giamsat.imports.models import ImportJob
from giamsat.imports.review import review_from_post
from giamsat.imports.selectors import import_get, import_list
from giamsat.imports.services import (
    import_commit,
    import_commit_again,
    import_create,
    import_discard,
    import_read_again,
    import_save,
)
from giamsat.indicators.models import Comparator
from giamsat.organizations.models import Organization, OrganizationGroup
from giamsat.reporting.models import Frequency
from giamsat.tasks.models import SolutionGroup


def imports(request):
    return render(request, "imports/list.html", {"nav": "imports", "jobs": import_list(request.user)[:100],
                                                 "sources": known_sources()})


@require_POST
def import_new(request):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Chưa chọn tệp để nhập.")
        return redirect("web:imports")
    try:
        data = upload.read()
        job = import_create(user=request.user, filename=upload.name, data=data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("web:imports")
    if job.duplicate_of_id:
        messages.warning(request, f"Tệp này đã được nhập trước đây: {job.duplicate_of.label}.")
    if job.state == job.State.READING:
        messages.info(request, "Tệp là bản scan: hệ thống đang nhận dạng chữ (OCR), trang này tự cập nhật tiến độ.")
    return redirect("web:import", pk=job.pk)


@require_http_methods(["GET", "POST"])
def import_review(request, pk: int):
    job = import_get(request.user, pk)
    if request.method == "POST":
        proposal = None
        try:
            if request.POST.get("action") == "discard":
                import_discard(user=request.user, job=job)
                messages.info(request, "Đã hủy lượt nhập; không có dữ liệu nào được ghi.")
                return redirect("web:imports")
            if request.POST.get("action") == "read_again":
                import_read_again(user=request.user, job=job)
                messages.info(request, "Đang đọc lại tệp.")
                return redirect("web:import", pk=job.pk)
            if request.POST.get("action") == "commit_again":
                import_commit_again(user=request.user, job=job)
                messages.info(request, "Đang ghi lại lượt nhập.")
                return redirect("web:import", pk=job.pk)
            if job.state != job.State.REVIEW:
                raise ApplicationError("Tệp đang được đọc, đang được ghi hoặc không đọc được; chưa lưu được gì.",
                                       code="reading")
            if job.kind == job.Kind.EOFFICE and eoffice_post(request, job):
                return redirect("web:import", pk=job.pk)
            proposal, problems = review_from_post(job.proposal, request.POST)
            if problems or request.POST.get("action") == "save":
                # Every edit is kept, whatever is still wrong: the reviewer corrects only that (#21).
                import_save(user=request.user, job=job, proposal=proposal)
                for problem in problems:
                    messages.error(request, problem)
                if problems:
                    messages.info(request, "Các chỉnh sửa khác đã được lưu; sửa các mục trên rồi ghi lại.")
                else:
                    messages.success(request, "Đã lưu các chỉnh sửa.")
                return redirect("web:import", pk=job.pk)
            doc = import_commit(user=request.user, job=job, proposal=proposal,
                                background=settings.GIAMSAT_IMPORT_BACKGROUND)
            if isinstance(doc, ImportJob):  # a large e-office import: written in the background
                messages.info(request, "Đang ghi các nhiệm vụ vào hệ thống; trang này tự cập nhật tiến độ, "
                                       "bạn có thể rời trang và quay lại sau.")
                return redirect("web:import", pk=job.pk)
        except ApplicationError as exc:
            if proposal is not None:
                import_save(user=request.user, job=job, proposal=proposal)  # kept: only what is refused is to fix
            messages.error(request, exc.message)
            return redirect("web:import", pk=job.pk)
        if job.kind == job.Kind.EOFFICE:
            result = ImportJob.objects.get(pk=job.pk).proposal.get("result", {})
            messages.success(request, f"Đã nhập từ hệ thống điều hành: {result.get('created', 0)} nhiệm vụ mới, "
                                      f"{result.get('updated', 0)} nhiệm vụ cập nhật, {result.get('statuses', 0)} "
                                      "tình trạng ghi nhận.")
            return redirect("web:import", pk=job.pk)
        messages.success(request, f"Đã nhập {doc.label} với {doc.tasks.count()} nhiệm vụ.")
        return redirect("web:document", pk=doc.pk)
    if job.kind == job.Kind.EOFFICE:
        return eoffice_review_page(request, job)
    if job.state in (job.State.READING, job.State.FAILED):
        return render(request, "imports/reading.html", {"nav": "imports", "job": job})
    proposal = job.proposal
    agencies = list(proposal.get("agencies", {}).items())
    return render(request, "imports/review.html", {
        "nav": "imports", "job": job, "p": proposal, "agencies": agencies,
        "organizations": Organization.objects.order_by("name"),
        "groups": OrganizationGroup.objects.order_by("name"), "doc_types": DocumentType.values,
        "comparators": Comparator.values, "periods": Frequency.choices, "solution_groups": SolutionGroup.choices,
        "editable": job.state == job.State.REVIEW,
    })
