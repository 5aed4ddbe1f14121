"""The criteria set pages: the versions of each level, one set (the office edits it: a new version), its XLSX
export and import."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamsat.accounts.access import can_manage_evaluations
from giamsat.core.errors import REFUSALS, ApplicationError
from giamsat.evaluation.criteria import snapshot
from giamsat.evaluation.files import criteria_workbook, read_criteria_workbook
from giamsat.evaluation.forms import CriteriaImportForm, PriorityForm, TaskPriorityForm
from giamsat.evaluation.formulas import FORMULAS
from giamsat.evaluation.models import Criterion, Level
from giamsat.evaluation.selectors import criteria_set_get
from giamsat.evaluation.selectors import criteria_sets as criteria_sets_query
from giamsat.evaluation.services import criteria_set_save, task_priority_set

# Decimal comma in and out (the Vietnamese formats).
WEIGHT = {"min_value": 0, "max_value": 10, "decimal_places": 2, "localize": True}
POINTS = {"min_value": 0, "max_value": 100, "decimal_places": 2, "localize": True}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CriteriaSetForm(forms.Form):
    """The set's numbers and, for each criterion, its name and points (criteria are added or removed by XLSX)."""

    name = forms.CharField(label="Tên bộ tiêu chí", max_length=255)
    lead_weight = forms.DecimalField(label="Hệ số chủ trì", **WEIGHT)
    coordinator_weight = forms.DecimalField(label="Hệ số phối hợp", **WEIGHT)
    bonus_cap = forms.DecimalField(label="Trần điểm thưởng", **POINTS)
    penalty_cap = forms.DecimalField(label="Trần điểm trừ", **POINTS)
    objection_days = forms.IntegerField(label="Số ngày được khiếu nại sau khi công bố", min_value=1, max_value=90)
    bands = forms.CharField(label="Mức xếp loại và điểm từ (ví dụ: A 90; B 80; C 65; D 50; E 0)", max_length=200)
    note = forms.CharField(label="Căn cứ, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for i, c in enumerate(self.criteria):
            self.fields[f"name_{i}"] = forms.CharField(label=f"{c['code']}: tên", max_length=500, initial=c["name"])
            self.fields[f"max_{i}"] = forms.DecimalField(label=f"{c['code']}: điểm tối đa", initial=c["max_points"],
                                                         **POINTS)

    def settings_fields(self):
        return [self[name] for name in ("name", "lead_weight", "coordinator_weight", "bonus_cap", "penalty_cap",
                                        "objection_days", "bands", "note")]

    def rows(self):
        return [(c, self[f"name_{i}"], self[f"max_{i}"]) for i, c in enumerate(self.criteria)]

    def clean_bands(self):
        bands = []
        for part in self.cleaned_data["bands"].replace(",", ";").split(";"):
            bits = part.split()
            if not bits:
                continue
            if len(bits) != 2:
                raise forms.ValidationError("Ghi mỗi mức là tên rồi điểm, cách nhau dấu chấm phẩy: A 90; B 80; …")
            try:
                bands.append({"name": bits[0][:16], "min": float(bits[1])})
            except ValueError as exc:
                raise forms.ValidationError(f"«{bits[1]}» không phải là số điểm.") from exc
        return bands

    def snapshot(self, base: dict) -> dict:
        data = self.cleaned_data
        snap = {**base, **{k: str(data[k]) for k in ("lead_weight", "coordinator_weight", "bonus_cap",
                                                     "penalty_cap")},
                "name": data["name"], "note": data["note"], "objection_days": data["objection_days"],
                "bands": data["bands"]}
        snap["criteria"] = [{**c, "name": data[f"name_{i}"], "max_points": str(data[f"max_{i}"])}
                            for i, c in enumerate(base["criteria"])]
        return snap


@require_GET
def criteria_sets(request):
    sets = list(criteria_sets_query())
    return render(request, "evaluation/criteria_sets.html", {
        "nav": "evaluation", "sets": sets, "levels": Level.choices, "can_manage": can_manage_evaluations(request.user),
        "import_form": CriteriaImportForm() if can_manage_evaluations(request.user) else None})


def _initial(snap: dict) -> dict:
    return {**{k: snap[k] for k in ("name", "lead_weight", "coordinator_weight", "bonus_cap", "penalty_cap",
                                   "objection_days", "note")},
            "bands": "; ".join(f"{b['name']} {b['min']:g}" for b in snap["bands"])}


@require_http_methods(["GET", "POST"])
def criteria_set(request, pk: int):
    cs = criteria_set_get(pk)
    snap = snapshot(cs)
    manager = can_manage_evaluations(request.user)
    form = CriteriaSetForm(request.POST or None, initial=_initial(snap), criteria=snap["criteria"]) if manager else None
    status = 200
    if request.method == "POST":
        if form is not None and form.is_valid():
            try:
                new = criteria_set_save(actor=request.user, level=cs.level, data=form.snapshot(snap))
            except ApplicationError as exc:
                if isinstance(exc, REFUSALS):
                    raise
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Đã lưu phiên bản {new.version} của bộ tiêu chí.")
                return redirect("evaluation:criteria_set", pk=new.pk)
        status = 400
    kinds = dict(Criterion.Kind.choices)
    criteria = [{**c, "kind_label": kinds[c["kind"]], "formula_label": FORMULAS[c["formula"]].label,
                 "formula_doc": (FORMULAS[c["formula"]].fn.__doc__ or "").strip()} for c in snap["criteria"]]
    return render(request, "evaluation/criteria_set.html", {
        "nav": "evaluation", "cs": cs, "snap": snap, "criteria": criteria, "form": form}, status=status)


@require_GET
def criteria_xlsx(request, pk: int):
    cs = criteria_set_get(pk)
    response = HttpResponse(criteria_workbook(snapshot(cs)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bo-tieu-chi-{cs.level}-v{cs.version}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def criteria_import(request):
    form = CriteriaImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                level = form.cleaned_data["level"]
                data = read_criteria_workbook(form.cleaned_data["file"].read(), level)
                cs = criteria_set_save(actor=request.user, level=level, data=data)
            except ApplicationError as exc:
                if isinstance(exc, REFUSALS):
                    raise
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Đã nhập bộ tiêu chí, phiên bản {cs.version}.")
                return redirect("evaluation:criteria_set", pk=cs.pk)
        status = 400
    return render(request, "evaluation/criteria_import.html", {"nav": "evaluation", "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def priorities(request):
    """The tasks that weigh more than 1 in the evaluation, and the form that sets a task's priority."""
    from giamsat.core.errors import NotFoundError
    from giamsat.evaluation.models import TaskPriority
    from giamsat.tasks.models import Task

    form = PriorityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            task = Task.objects.visible_to(request.user).filter(pk=form.cleaned_data["task"]).first()
            if task is None:
                form.add_error("task", NotFoundError("Không có nhiệm vụ mang số hiệu này.").message)
            else:
                task_priority_set(actor=request.user, task=task, priority=form.cleaned_data["priority"])
                messages.success(request, f"Đã đặt mức ưu tiên {form.cleaned_data['priority']} cho nhiệm vụ «{task}».")
                return redirect("evaluation:priorities")
        status = 400
    rows = TaskPriority.objects.filter(priority__gt=1).select_related("task").order_by("-priority", "task_id")
    return render(request, "evaluation/priorities.html", {"nav": "evaluation", "form": form, "rows": rows},
                  status=status)


@require_POST
def task_priority(request, pk: int):
    """The priority set from the task page (the office): audited by the service, back to the task."""
    from giamsat.core.errors import NotFoundError
    from giamsat.tasks.models import Task

    task = Task.objects.visible_to(request.user).filter(pk=pk).first()
    if task is None:
        raise NotFoundError("Không tìm thấy nhiệm vụ.")
    form = TaskPriorityForm(request.POST)
    if form.is_valid():
        task_priority_set(actor=request.user, task=task, priority=form.cleaned_data["priority"])
        messages.success(request, f"Đã đặt mức ưu tiên {form.cleaned_data['priority']} cho nhiệm vụ này.")
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("web:task", pk=task.pk)
