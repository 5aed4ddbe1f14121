"""The aggregated report's page: the form, and the file itself when a format is chosen."""

from collections import defaultdict

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from giamsat.aggregate.files import FORMATS, aggregate_file
from giamsat.aggregate.forms import AggregateForm
from giamsat.aggregate.report_docx import report_docx
from giamsat.core.errors import ApplicationError
from giamsat.core.periods import labelled_keys
from giamsat.documents.selectors import document_list
from giamsat.reporting.selectors import period_list, report_get


@require_GET
def aggregate(request):
    """The form, and the file itself when a format is chosen."""
    documents = list(document_list(request.user).filter(task_count__gt=0).order_by("-date", "id"))
    form = AggregateForm(request.GET or None, documents=documents)
    status = 200
    if request.GET and form.is_valid() and form.cleaned_data.get("format"):
        data = form.cleaned_data
        try:
            name, content_type, content = aggregate_file(
                user=request.user, document_id=data["document"], period_key=data["period"], fmt=data["format"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            status = 400
        else:
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    elif request.GET and not form.is_valid():
        status = 400
    keys = defaultdict(list)
    for p in period_list(request.user).filter(rule__document__in=documents).order_by("-end"):
        if p.key and p.key not in keys[p.rule.document_id]:
            keys[p.rule.document_id].append(p.key)
    return render(
        request,
        "aggregate/aggregate.html",
        {
            "nav": "reports",
            "form": form,
            "documents": documents,
            "keys": [(d, labelled_keys(keys.get(d.pk, [])[:12])) for d in documents],
        },
        status=status,
    )


@require_GET
def report_docx_view(request, pk: int):
    """An agency's periodic report as DOCX for signing: whoever may read the report (reporting.selectors)."""
    report = report_get(request.user, pk)
    response = HttpResponse(report_docx(report), content_type=FORMATS["docx"])
    name = f"bao-cao-{report.period.key or report.period_id}-{report.organization.code}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def urging_letter(request):
    """/bao-cao/don-doc/cong-van.docx?co-quan=<id>…[&nhiem-vu=<id>][&noi-dung=…]: the urging letter to these
    agencies (or to the leads of one task, about it; to every agency with something outstanding when none
    is chosen), with the office's own text."""
    from giamsat.aggregate.urging_letter import outstanding, urging_letter_docx
    from giamsat.organizations.models import Organization
    from giamsat.tasks.models import TaskAssignment
    from giamsat.tasks.selectors import task_get

    org_ids = [int(v) for v in request.GET.getlist("co-quan") if v.isdigit()]
    task_id = request.GET.get("nhiem-vu", "")
    task_ids = None
    if task_id.isdigit():
        task = task_get(request.user, int(task_id))
        org_ids += [a.organization_id for a in task.assignments.all() if a.role == "lead"]
        task_ids = [task.pk]
    if org_ids:
        items = outstanding(Organization.objects.filter(pk__in=org_ids).order_by("name"), task_ids=task_ids)
    else:  # none chosen: every agency that leads a task and has something outstanding
        items = [i for i in outstanding(Organization.objects.filter(pk__in=TaskAssignment.objects.filter(
            role=TaskAssignment.Role.LEAD).values("organization_id")).order_by("name")) if i.overdue or i.missing]
    content = urging_letter_docx(items, text=request.GET.get("noi-dung", "")[:4000],
                                 drafter=request.user.organization)
    response = HttpResponse(content, content_type=FORMATS["docx"])
    response["Content-Disposition"] = 'attachment; filename="cong-van-don-doc.docx"'
    return response
