"""The e-office task import's pages: upload beside the plan import, then the mapping and review step."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from giamsat.core.errors import ApplicationError
from giamsat.imports.committing import commit_progress
from giamsat.imports.eoffice import FIELDS
from giamsat.imports.eoffice_commit import eoffice_create, eoffice_remap
from giamsat.imports.models import EofficeMapping
from giamsat.organizations.models import Organization, OrganizationGroup


@require_POST
def import_eoffice_new(request):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Chưa chọn tệp xuất từ hệ thống điều hành.")
        return redirect("web:imports")
    try:
        job = eoffice_create(user=request.user, filename=upload.name, data=upload.read(),
                             source=request.POST.get("source", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("web:imports")
    return redirect("web:import", pk=job.pk)


def eoffice_post(request, job) -> bool:
    """The mapping step's POST (action "map"); True when it was one."""
    if request.POST.get("action") != "map":
        return False
    mapping = {field: request.POST.get(f"map-{field}", "") for field in FIELDS}
    eoffice_remap(user=request.user, job=job, mapping=mapping, source=request.POST.get("source"))
    messages.success(request, "Đã ghép lại các cột; cách ghép được ghi nhớ cho lần nhập sau từ cùng hệ thống.")
    return True


def eoffice_review_page(request, job):
    if job.state == job.State.COMMITTING:  # written in the background: its progress, refreshed (ADR 0049)
        return render(request, "imports/committing.html", {"nav": "imports", "job": commit_progress(job)})
    proposal = job.proposal
    headers = job.extraction.get("headers", [])
    return render(request, "imports/eoffice_review.html", {
        "nav": "imports", "job": job, "p": proposal, "agencies": list(proposal.get("agencies", {}).items()),
        "fields": [(key, label, proposal.get("mapping", {}).get(key)) for key, (label, _) in FIELDS.items()],
        "headers": list(enumerate(headers)), "organizations": Organization.objects.order_by("name"),
        "groups": OrganizationGroup.objects.order_by("name"), "editable": job.state == job.State.REVIEW,
    })


def known_sources() -> list[str]:
    return list(EofficeMapping.objects.order_by("source").values_list("source", flat=True))
