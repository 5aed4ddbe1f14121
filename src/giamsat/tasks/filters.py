"""The task list's filters (ADR 0021): the page's form, the API's query parameters, one definition.
Parameter names are an interface: dashboards, bookmarks and outside checks link `/nhiem-vu/?status=…`."""

from django.db.models import Exists, OuterRef, Q

from giamsat.accounts.access import organizations_in_scope, sees_all
from giamsat.core.filters import CodeFilter, DateFilter, FilterSet, IdFilter, NumberCodeFilter, WordsFilter
from giamsat.documents.filters import ResolutionFilter, offer_resolutions
from giamsat.documents.models import Document
from giamsat.documents.roots import resolution_choices
from giamsat.organizations.models import Organization
from giamsat.tasks.models import SolutionGroup, Task, TaskAssignment
from giamsat.tasks.selectors import with_current_status
from giamsat.tasks.status import LABELS

STATUS_CHOICES = [*LABELS.items(), ("warning", "Sắp đến hạn (cảnh báo sớm)")]
# A longer drop-down helps nobody and weighs the page (national: 9 500 options, 600 KB, 1 s).
CHOICES_LISTED = 300
TOO_MANY_TO_LIST = {
    "organization": "Quá nhiều cơ quan để liệt kê: mở trang của cơ quan (mục Cơ quan) rồi bấm «xem tất cả».",
    "document": "Quá nhiều văn bản để liệt kê: mở trang của văn bản (mục Văn bản) rồi bấm «xem tất cả».",
}


class TaskFilterSet(FilterSet):
    q = WordsFilter("task", label="Tìm (có dấu hoặc không dấu)")
    status = CodeFilter(label="Tình trạng", choices=STATUS_CHOICES, empty_label="Tất cả tình trạng",
                        method="filter_status")
    organization = IdFilter(label="Cơ quan", method="filter_organization")
    role = CodeFilter(label="Vai trò", choices=TaskAssignment.Role.choices,
                      empty_label="Chủ trì hoặc phối hợp", method="with_organization")
    document = IdFilter(label="Văn bản", field_name="document_id")
    solution_group = NumberCodeFilter(label="Nhóm giải pháp", choices=SolutionGroup.choices,
                                      empty_label="Tất cả nhóm")
    due_from = DateFilter(label="Hạn từ ngày", field_name="due_date", lookup_expr="gte")
    due_to = DateFilter(label="đến ngày", field_name="due_date", lookup_expr="lte")
    resolution = ResolutionFilter(field="document_id")

    def filter_queryset(self, queryset):
        # The status last, on the current status of the remaining tasks (the stored one, computed in memory
        # where it is not for today; nothing written: ADR 0020).
        status = self.form.cleaned_data.get("status")
        queryset = super().filter_queryset(queryset)
        if status:
            queryset = with_current_status(queryset)
            queryset = (queryset.filter(cur_warning=True) if status == "warning"
                        else queryset.filter(cur_code=status))
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset  # applied last, by filter_queryset

    def filter_organization(self, queryset, name, value):
        """Tasks the organization takes part in; as lead or coordinator only, with `role`."""
        if value is None:
            return queryset
        cond = Q(organization_id=value)
        if role := self.form.cleaned_data.get("role"):
            cond &= Q(role=role)
        return queryset.filter(pk__in=TaskAssignment.objects.filter(cond).values("task_id"))

    def with_organization(self, queryset, name, value):
        return queryset  # `role` qualifies `organization`; alone it narrows nothing

    @staticmethod
    def choice_lists(user) -> dict:
        """The page's drop-downs' options, as plain lists (kept with the list's rows, ADR 0045): the
        organizations and documents that have tasks where they are few (a province, an agency); None where
        there are more than CHOICES_LISTED (only the one a link chose is offered then)."""
        # From the organizations table (a province: ≈150 rows), not a DISTINCT over every assignment (a
        # province's 27 000: ≈20 ms); one read of at most CHOICES_LISTED + 1 rows decides (issue #25).
        orgs = Organization.objects.only("id", "name", "short_name").order_by("name", "id")
        if not sees_all(user):
            orgs = list(organizations_in_scope(orgs, user))
        else:
            orgs = list(orgs[:CHOICES_LISTED + 1])
            orgs = orgs if len(orgs) <= CHOICES_LISTED else None
        has_tasks = Exists(Task.objects.filter(document=OuterRef("pk")))
        docs = list(Document.objects.visible_to(user).filter(has_tasks).only("id", "doc_type", "number", "date")
                    .order_by("-date", "-id")[:CHOICES_LISTED + 1])
        docs = docs if len(docs) <= CHOICES_LISTED else None
        return {"organization": None if orgs is None else [(o.pk, o.display_name) for o in orgs],
                "document": None if docs is None else [(d.pk, d.label) for d in docs],
                "resolution": resolution_choices()}

    def offer_choices(self, user, lists: dict | None = None) -> None:
        """The page's drop-downs (`choice_lists`, or those given)."""
        lists = lists if lists is not None else self.choice_lists(user)
        offer_resolutions(self, lists["resolution"])
        self.is_valid()
        chosen = self.form.cleaned_data  # the valid ones: a wrong date does not lose the chosen organization
        if lists["organization"] is None:
            orgs_named = Organization.objects.only("id", "name", "short_name")
            found = chosen.get("organization") and orgs_named.filter(pk=chosen["organization"]).first()
            self.offer("organization", [(found.pk, found.display_name)] if found else [], "Tất cả cơ quan",
                       TOO_MANY_TO_LIST["organization"])
        else:
            self.offer("organization", lists["organization"], "Tất cả cơ quan")
        if lists["document"] is None:
            found = chosen.get("document") and (
                Document.objects.visible_to(user).filter(pk=chosen["document"])
                .only("id", "doc_type", "number", "date").first())
            self.offer("document", [(found.pk, found.label)] if found else [], "Tất cả văn bản",
                       TOO_MANY_TO_LIST["document"])
        else:
            self.offer("document", lists["document"], "Tất cả văn bản")
