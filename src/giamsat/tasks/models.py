"""Tasks (nhiệm vụ), who leads and coordinates them, their deadlines, decisions and progress updates."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from giamsat.accounts.access import VisibleQuerySet
from giamsat.core.models import AppendOnlyModel, TimeStampedModel
from giamsat.core.storage import UniqueName


def _tasks_of(org_ids):
    """The ids of the tasks these organizations lead or coordinate, as a subquery (read from the index on
    (organization, task) alone)."""
    return TaskAssignment.objects.filter(organization_id__in=org_ids).values("task_id")


class TaskQuerySet(VisibleQuerySet):
    """An agency sees the tasks its organizations lead or coordinate."""

    def of_organizations(self, org_ids):
        return models.Q(pk__in=_tasks_of(org_ids))


class TaskPartQuerySet(VisibleQuerySet):
    """Decisions, progress updates (every organization's) and evidence are seen with their task."""

    task_field = "task_id"

    def of_organizations(self, org_ids):
        return models.Q(**{f"{self.task_field}__in": _tasks_of(org_ids)})


class EvidenceQuerySet(TaskPartQuerySet):
    task_field = "update__task_id"


class SolutionGroup(models.IntegerChoices):
    """The seven groups of tasks and solutions of Resolution 57-NQ/TW (section III)."""

    AWARENESS = 1, "Nâng cao nhận thức, đột phá đổi mới tư duy, quyết tâm chính trị"
    INSTITUTIONS = 2, "Hoàn thiện thể chế, đưa thể chế thành lợi thế cạnh tranh"
    INFRASTRUCTURE = 3, "Đầu tư, hoàn thiện hạ tầng cho KHCN, ĐMST và CĐS"
    HUMAN_RESOURCES = 4, "Phát triển, trọng dụng nhân lực chất lượng cao, nhân tài"
    GOVERNMENT = 5, "Chuyển đổi số, ứng dụng KHCN trong hệ thống chính trị"
    ENTERPRISES = 6, "KHCN, ĐMST và CĐS trong doanh nghiệp"
    COOPERATION = 7, "Hợp tác quốc tế"


class DeadlineKind(models.TextChoices):
    DATE = "date", "Ngày"
    MONTH = "month", "Tháng"
    QUARTER = "quarter", "Quý"
    HALF = "half", "6 tháng"
    YEAR = "year", "Năm"
    RANGE = "range", "Giai đoạn"
    CONTINUOUS = "continuous", "Thường xuyên"
    NONE = "none", "Không xác định"


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", "Hằng tháng"
    QUARTERLY = "quarterly", "Hằng quý"
    HALF_YEARLY = "6-month", "6 tháng"
    ANNUAL = "annual", "Hằng năm"


class Task(TimeStampedModel):
    objects = TaskQuerySet.as_manager()

    document = models.ForeignKey(
        "documents.Document", verbose_name="văn bản giao", on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.CharField("số thứ tự", max_length=20, blank=True)
    position = models.PositiveIntegerField("thứ tự sắp xếp", default=0)
    name = models.TextField("tên nhiệm vụ")
    section = models.CharField("nhóm, mục trong văn bản", max_length=255, blank=True)
    solution_group = models.PositiveSmallIntegerField(
        "nhóm giải pháp (NQ 57)", choices=SolutionGroup.choices, null=True, blank=True, db_index=True
    )
    lead_text = models.TextField("cơ quan chủ trì (như ghi trong văn bản)", blank=True)
    coordinator_text = models.TextField("cơ quan phối hợp (như ghi trong văn bản)", blank=True)
    organizations = models.ManyToManyField(
        "organizations.Organization", through="TaskAssignment", related_name="tasks", blank=True
    )
    # The structured deadline; `deadline_text` keeps what the document says.
    deadline_text = models.CharField("thời hạn (như ghi trong văn bản)", max_length=255, blank=True)
    deadline_kind = models.CharField("loại thời hạn", max_length=16, choices=DeadlineKind.choices, default="none")
    due_date = models.DateField("hạn hoàn thành (lần đầu)", null=True, blank=True, db_index=True)
    start_date = models.DateField("bắt đầu", null=True, blank=True)
    recurring = models.BooleanField("lặp lại", default=False)
    recurrence = models.CharField("chu kỳ", max_length=16, choices=Recurrence.choices, blank=True)
    expected_product = models.TextField("sản phẩm dự kiến", blank=True)
    # "Không có thời hạn" chosen explicitly (not continuous, no date): allowed, listed by the data-quality page.
    no_deadline = models.BooleanField("không có thời hạn (chọn rõ)", default=False)
    parent = models.ForeignKey(
        "self", verbose_name="nhiệm vụ cha", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    upstream = models.ForeignKey(
        "self",
        verbose_name="thực hiện nhiệm vụ cấp trên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementations",
    )
    source = models.CharField("nguồn trích xuất", max_length=16, blank=True)
    source_text = models.TextField("đoạn văn bản gốc", blank=True)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)
    # Optimistic locking: an edit based on an older version is refused, never silently applied.
    lock_version = models.PositiveIntegerField(default=0)
    # The computed status, kept for fast lists and dashboards (tasks.summary). Recomputed on every write
    # that affects it and each morning for the passing of time; `status_as_of` says for which day.
    status_code = models.CharField(max_length=16, blank=True, db_index=True)
    status_warning = models.BooleanField(default=False)
    status_due = models.DateField(null=True, blank=True)
    status_as_of = models.DateField(null=True, blank=True)
    # When a done task was completed (the day its last lead reported done, or the office decided so): the
    # dashboard's completion trend counts it by month in SQL instead of recomputing every done task.
    status_done_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["document_id", "position", "id"]
        indexes = [
            models.Index(fields=["document", "position"]),
            models.Index(fields=["status_as_of", "status_code"]),
            # The first overdue tasks by due date (dashboards, early warnings) and the open tasks due within the
            # yellow window (the alert figures): read from the index, not by sorting every task (0009).
            models.Index(fields=["status_code", "status_due", "id"], name="task_status_due"),
            # The first soon-due tasks by due date: the few with an early warning.
            models.Index(fields=["status_due", "id"], name="task_warning_due", condition=models.Q(status_warning=True)),
            # Every column the task figures read, for aggregates that read it instead of the wide rows (0010).
            models.Index(fields=["solution_group", "status_code", "status_warning", "status_due", "status_done_on",
                                "recurring", "document", "id"], name="task_figures"),
        ]

    def __str__(self) -> str:
        prefix = f"{self.number}. " if self.number else ""
        return f"{prefix}{self.name[:100]}"

    def _names(self, role: str, *, full: bool) -> list[str]:
        assignments = [a for a in self.assignments.all() if a.role == role]  # prefetched by the selectors
        if full:
            return listed_names((None, a.organization.name) for a in assignments)
        return listed_names((a.via_group.name if a.via_group_id else None, a.organization.display_name)
                            for a in assignments)

    def lead_names(self) -> list[str]:
        shown = getattr(self, "lead_names_read", None)  # read as plain rows: tasks.selectors.with_lead_names
        return shown if shown is not None else self._names("lead", full=False)

    def coordinator_names(self) -> list[str]:
        return self._names("coordinator", full=True)


def listed_names(assignments) -> list[str]:
    """The names a list shows for assignments given as (group name or None, organization name), in their
    order, each once: a group phrase stands for its members ("Các sở, ban, ngành tỉnh")."""
    names: list[str] = []
    for group, organization in assignments:
        name = group or organization
        if name not in names:
            names.append(name)
    return names


class TaskAssignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Chủ trì"
        COORDINATOR = "coordinator", "Phối hợp"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="task_assignments"
    )
    role = models.CharField("vai trò", max_length=16, choices=Role.choices)
    via_group = models.ForeignKey(
        "organizations.OrganizationGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        constraints = [models.UniqueConstraint(fields=["task", "organization", "role"], name="assignment_unique")]
        # (organization, task): the scope filter "tasks of these organizations" reads the index alone.
        indexes = [
            models.Index(fields=["organization", "role"]), models.Index(fields=["organization", "task"]),
            # Lead assignments alone (a quarter of the rows): the figures by lead organization, the reporters of a
            # plan and the lists' lead names read this small index only, not every assignment (0009).
            models.Index(fields=["task", "organization"], name="assignment_lead", condition=models.Q(role="lead")),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class TaskDecision(AppendOnlyModel):
    """A decision of the monitoring office about a task: done, paused, resumed, adjusted or cancelled."""

    class Kind(models.TextChoices):
        DONE = "done", "Xác nhận hoàn thành"
        REOPENED = "reopened", "Trả lại, chưa hoàn thành"
        PAUSED = "paused", "Tạm dừng"
        RESUMED = "resumed", "Tiếp tục"
        ADJUSTED = "adjusted", "Điều chỉnh thời hạn"
        CANCELLED = "cancelled", "Hủy bỏ"

    objects = TaskPartQuerySet.as_manager()

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField("quyết định", max_length=16, choices=Kind.choices)
    decided_on = models.DateField("ngày quyết định")
    new_due_date = models.DateField("thời hạn mới", null=True, blank=True)
    decision_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("lý do, ghi chú", blank=True)
    # A "done" confirmed although no lead update carries evidence: ticked explicitly, shown as such.
    without_evidence = models.BooleanField("xác nhận không có minh chứng", default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quyết định về nhiệm vụ"
        verbose_name_plural = "quyết định về nhiệm vụ"
        ordering = ["decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="adjusted") | models.Q(new_due_date__isnull=False),
                name="adjusted_has_new_due_date",
            )
        ]


class ProgressUpdate(AppendOnlyModel):
    """An organization's report on a task. Never edited: a correction is a new update pointing at the old."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa triển khai"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Đã hoàn thành"
        NOTHING = "nothing", "Không phát sinh"

    objects = TaskPartQuerySet.as_manager()

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField("ngày báo cáo", db_index=True)
    state = models.CharField("tình trạng", max_length=16, choices=State.choices)
    percent = models.PositiveSmallIntegerField("tỷ lệ hoàn thành (%)", null=True, blank=True)
    narrative = models.TextField("kết quả thực hiện", blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    # A lead's "done" without evidence file or link must say why there is no product (issue #16).
    no_product_reason = models.TextField("lý do không có sản phẩm", blank=True)
    is_lead = models.BooleanField("của cơ quan chủ trì", default=True)
    corrects = models.ForeignKey(
        "self", verbose_name="đính chính cho", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)
    # Where it came from when not typed here: "Hệ thống điều hành (<nguồn>)" for a status read from an
    # e-office export (imports.eoffice_commit).
    source = models.CharField("nguồn cập nhật", max_length=120, blank=True)
    # When it was recorded, shown beside `reported_on` (the date the agency gives, tasks.given_dates). Set by
    # the service: now, or the demo's clock.
    created_at = models.DateTimeField("ghi nhận lúc", default=timezone.now, editable=False, db_index=True)

    class Meta:
        verbose_name = "cập nhật tiến độ"
        verbose_name_plural = "cập nhật tiến độ"
        ordering = ["-reported_on", "-id"]
        indexes = [
            models.Index(fields=["task", "is_lead", "reported_on"]),
            models.Index(fields=["organization", "reported_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | models.Q(percent__lte=100), name="percent_at_most_100"
            )
        ]


class Evidence(AppendOnlyModel):
    """A file or a link that proves what an update claims."""

    objects = EvidenceQuerySet.as_manager()

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField("tệp", upload_to=UniqueName("evidence"), blank=True)
    filename = models.CharField("tên tệp", max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    link = models.URLField("đường dẫn", max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(link=""), name="evidence_has_file_or_link"
            )
        ]


class AlertRule(models.Model):
    """The three alert levels (modelled on Cao Bằng's Công văn 1400-CV/VPTU): one row, edited by the office.

    Yellow when `yellow_days` or fewer remain and no product is reported (a reminder to the owner); red at the
    deadline (a notice to the owner's head); special red `special_red_days` or more days overdue (shown to the
    level that assigned the task). The rules themselves are tasks.alerts."""

    yellow_days = models.PositiveSmallIntegerField("vàng: còn bao nhiêu ngày đến hạn (chưa có sản phẩm)",
                                                   default=3)
    special_red_days = models.PositiveSmallIntegerField("đỏ đặc biệt: quá hạn từ bao nhiêu ngày", default=3)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "quy tắc cảnh báo"
        verbose_name_plural = "quy tắc cảnh báo"

    def __str__(self) -> str:
        return f"Vàng {self.yellow_days} ngày trước hạn; đỏ đặc biệt quá hạn {self.special_red_days} ngày"
