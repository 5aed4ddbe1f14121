"""The history of each task: the leads' and coordinators' progress updates, evidence links, the office's
decisions, and the task's stored status, computed by `tasks.status.compute_status` from exactly those facts.

Outcomes follow what monitoring offices report: of the one-off tasks already due, about half were done on
time, a fifth late, a quarter are overdue; some tasks have their deadline adjusted, a few are paused or
cancelled; recurring tasks are reported in about two cycles out of three. Leads report about
`scale.reports_per_month` times a month while they work; coordinators now and then.
"""

import datetime as dt

from giamsat.synth import vocab
from giamsat.synth.clock import VN, months_between
from giamsat.synth.plans import TaskSpec
from giamsat.tasks.models import Evidence, ProgressUpdate, Task, TaskAssignment, TaskDecision
from giamsat.tasks.status import DeadlineFact, DecisionFact, UpdateFact, compute_status, current_cycle

TASK_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "document_id",
    "number",
    "position",
    "name",
    "section",
    "solution_group",
    "lead_text",
    "coordinator_text",
    "deadline_text",
    "deadline_kind",
    "due_date",
    "start_date",
    "recurring",
    "recurrence",
    "expected_product",
    "upstream_id",
    "source",
    "is_demo",
    "status_code",
    "status_warning",
    "status_due",
    "status_as_of",
    "status_done_on",
)
DECISION_COLUMNS = (
    "id",
    "task_id",
    "kind",
    "decided_on",
    "new_due_date",
    "note",
    "decided_by_id",
    "created_at",
)
UPDATE_COLUMNS = (
    "id",
    "task_id",
    "organization_id",
    "author_id",
    "reported_on",
    "state",
    "percent",
    "narrative",
    "difficulties",
    "proposals",
    "is_lead",
    "corrects_id",
    "is_demo",
    "created_at",
)
EVIDENCE_COLUMNS = ("id", "update_id", "link", "created_at")

TABLES = [(Task, TASK_COLUMNS)]
LATE_TABLES = [
    (TaskDecision, DECISION_COLUMNS),
    (ProgressUpdate, UPDATE_COLUMNS),
    (Evidence, EVIDENCE_COLUMNS),
]

DAY = dt.timedelta(days=1)
DONE, IN_PROGRESS, NOT_STARTED, NOTHING = "done", "in_progress", "not_started", "nothing"


def _between(rng, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


class History:
    def __init__(self, ctx, province_slug: str = "tw"):
        self.ctx = ctx
        self.loader = ctx.loader
        self.site = f"https://{province_slug}.gov.vn.invalid"
        rng = ctx.rng
        # Texts are drawn from small pools: formatting a string per row would dominate the run time.
        self.narratives = [t.format(n=rng.randint(2, 300)) for t in vocab.NARRATIVES for _ in range(6)]
        self.coordination = [f"Phối hợp: {t}" for t in self.narratives[:12]]
        self.statuses = {}

    # ----------------------------------------------------------------------------------------- dates

    def _report_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The days a lead reports between two dates: about `reports_per_month` a month."""
        if first > last:
            return []
        rng, per_month = self.ctx.rng, self.ctx.scale.reports_per_month
        whole, extra = int(per_month), per_month - int(per_month)
        days = []
        for year, month in months_between(first, last):
            for _ in range(whole + (rng.random() < extra)):
                day = dt.date(year, month, rng.randint(1, 28))
                if first <= day <= last:
                    days.append(day)
        days.sort()
        return days

    # --------------------------------------------------------------------------------------- writing

    def _update(
        self,
        task_id: int,
        org,
        day: dt.date,
        state: str,
        percent,
        *,
        lead: bool,
        facts: list,
        corrects: int | None = None,
        narrative: str | None = None,
    ) -> int:
        rng, loader = self.ctx.rng, self.loader
        pk = loader.new_id(ProgressUpdate)
        if narrative is None:
            narrative = (
                vocab.NOTHING
                if state == NOTHING
                else rng.choice(self.narratives if lead else self.coordination)
            )
        roll = rng.random()
        difficulties = rng.choice(vocab.DIFFICULTIES) if roll < 0.10 else ""
        proposals = rng.choice(vocab.PROPOSALS) if roll < 0.07 else ""
        created = dt.datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59), tzinfo=VN)
        loader.add(
            ProgressUpdate,
            (
                pk,
                task_id,
                org.id,
                org.focal_id,
                day,
                state,
                percent,
                narrative,
                difficulties,
                proposals,
                lead,
                corrects,
                True,
                created,
            ),
        )
        if lead:
            facts.append(UpdateFact(day, state, pk, org.id))
        if state == DONE or roll > 0.97:
            loader.add(Evidence, (loader.new_id(Evidence), pk, f"{self.site}/minh-chung/{pk}", created))
        return pk

    def _decision(
        self,
        spec: TaskSpec,
        kind: str,
        day: dt.date,
        facts: list,
        new_due: dt.date | None = None,
        note: str = "",
    ) -> None:
        pk = self.loader.new_id(TaskDecision)
        self.loader.add(
            TaskDecision,
            (
                pk,
                spec.id,
                kind,
                day,
                new_due,
                note,
                spec.office_user_id,
                dt.datetime(day.year, day.month, day.day, 15, 0, tzinfo=VN),
            ),
        )
        facts.append(DecisionFact(day, kind, new_due, pk))

    # ------------------------------------------------------------------------------------------ task

    def record(self, spec: TaskSpec) -> None:
        """Every row about one task, then the task itself with its status for `as_of`."""
        ctx, rng = self.ctx, self.ctx.rng
        as_of = ctx.as_of
        deadline = spec.deadline
        due = deadline["due_date"]
        work_start = max(spec.plan.date + dt.timedelta(days=rng.randint(3, 30)), ctx.history_start)
        updates: list[UpdateFact] = []
        decisions: list[DecisionFact] = []
        stop = as_of  # a pause or a cancellation ends the reporting
        if work_start <= as_of:
            roll = rng.random()
            if roll < 0.022:
                day = _between(rng, work_start, as_of)
                if roll < 0.007:
                    self._decision(spec, "cancelled", day, decisions, note="Theo văn bản điều chỉnh kế hoạch")
                else:
                    self._decision(spec, "paused", day, decisions, note="Tạm dừng chờ bố trí kinh phí")
                    if rng.random() < 0.3 and day + 30 * DAY <= as_of:
                        self._decision(spec, "resumed", _between(rng, day + 30 * DAY, as_of), decisions)
                stop = day
            if not deadline["recurring"] and due and work_start < due and rng.random() < 0.05:
                day = _between(rng, work_start, min(due, as_of))
                due = min(due + dt.timedelta(days=rng.randint(90, 270)), dt.date(due.year + 1, 12, 31))
                self._decision(
                    spec,
                    "adjusted",
                    day,
                    decisions,
                    new_due=due,
                    note=f"Theo Quyết định số {rng.randint(100, 999)}/QĐ-UBND",
                )
            if deadline["recurring"]:
                self._recurring(spec, work_start, stop, updates)
            else:
                self._one_off(spec, work_start, stop, due, updates, decisions)
            self._coordination(spec, work_start, stop)
        status = compute_status(
            DeadlineFact(
                deadline["due_date"], deadline["recurring"], deadline["recurrence"], deadline["start_date"]
            ),
            updates,
            decisions,
            today=as_of,
            warning_days=ctx.warning_days,
            leads=frozenset(o.id for o in spec.leads),
        )
        self.statuses[status.code] = self.statuses.get(status.code, 0) + 1
        self._task_row(spec, status)

    def _one_off(
        self, spec: TaskSpec, start: dt.date, stop: dt.date, due, updates: list, decisions: list
    ) -> None:
        rng, as_of = self.ctx.rng, self.ctx.as_of
        done_on = None
        roll = rng.random()
        if due and due <= stop:
            if roll < 0.55 and start <= due:
                done_on = _between(rng, max(start, due - 120 * DAY), due)
            elif roll < 0.75 and due + DAY <= stop:
                done_on = _between(rng, due + DAY, min(stop, due + 240 * DAY))
        elif roll < 0.15:
            done_on = _between(rng, start, stop)
        elif roll < 0.35:  # not started yet: at most a word saying so
            if rng.random() < 0.5:
                for lead in spec.leads:
                    self._update(
                        spec.id, lead, _between(rng, start, stop), NOT_STARTED, 0, lead=True, facts=updates
                    )
            return
        for n, lead in enumerate(spec.leads):
            # With several leads the task is done when the last one is: the first lead finishes on done_on.
            lead_done = done_on if n == 0 or done_on is None else _between(rng, start, done_on)
            days = self._report_days(start, (lead_done - DAY) if lead_done else stop)
            previous = None
            for i, day in enumerate(days):
                percent = min(95, 5 + 90 * (i + 1) // (len(days) + 1))
                previous = self._update(spec.id, lead, day, IN_PROGRESS, percent, lead=True, facts=updates)
                if rng.random() < 0.004:  # a correction of the report just sent
                    self._update(
                        spec.id,
                        lead,
                        day,
                        IN_PROGRESS,
                        max(0, percent - 5),
                        lead=True,
                        facts=updates,
                        corrects=previous,
                        narrative="Đính chính số liệu báo cáo trước.",
                    )
            if lead_done:
                self._update(
                    spec.id,
                    lead,
                    lead_done,
                    DONE,
                    100,
                    lead=True,
                    facts=updates,
                    narrative=f"Đã hoàn thành. Sản phẩm: {spec.expected_product or 'báo cáo kết quả'}.",
                )
        if done_on and rng.random() < 0.25:  # the office verified the completion
            verified = done_on + dt.timedelta(days=rng.randint(3, 20))
            if verified <= as_of:
                self._decision(spec, "done", verified, decisions, note="Đã kiểm tra sản phẩm")

    def _recurring(self, spec: TaskSpec, start: dt.date, stop: dt.date, updates: list) -> None:
        rng = self.ctx.rng
        d = spec.deadline
        cycle_start, _ = current_cycle(
            DeadlineFact(d["due_date"], True, d["recurrence"], d["start_date"]), self.ctx.as_of
        )
        reported_now = rng.random() < 0.65
        for lead in spec.leads:
            for day in self._report_days(start, min(stop, cycle_start - DAY)):
                state = rng.choices((IN_PROGRESS, DONE, NOTHING), (60, 30, 10))[0]
                self._update(
                    spec.id,
                    lead,
                    day,
                    state,
                    None if state == NOTHING else (100 if state == DONE else 50),
                    lead=True,
                    facts=updates,
                )
            if reported_now and max(cycle_start, start) <= stop:
                self._update(
                    spec.id,
                    lead,
                    _between(rng, max(cycle_start, start), stop),
                    IN_PROGRESS,
                    50,
                    lead=True,
                    facts=updates,
                )

    def _coordination(self, spec: TaskSpec, start: dt.date, stop: dt.date) -> None:
        """Coordinators' contributions: shown on the task, never counted in its status."""
        rng, months = self.ctx.rng, months_between(start, stop)
        for org in spec.coordinators:
            for year, month in months:
                if rng.random() < 0.3:
                    day = dt.date(year, month, rng.randint(1, 28))
                    if start <= day <= stop:
                        self._update(spec.id, org, day, IN_PROGRESS, None, lead=False, facts=[])
        for org, _ in spec.group_coordinators:
            if rng.random() < 0.12 and start <= stop:
                self._update(
                    spec.id, org, _between(rng, start, stop), IN_PROGRESS, None, lead=False, facts=[]
                )

    def _task_row(self, spec: TaskSpec, status) -> None:
        loader, d = self.loader, spec.deadline
        created = dt.datetime(spec.plan.date.year, spec.plan.date.month, spec.plan.date.day, 14, 0, tzinfo=VN)
        loader.add(
            Task,
            (
                spec.id,
                created,
                created,
                spec.plan.id,
                spec.number,
                spec.position,
                spec.name,
                vocab.SOLUTION_GROUP_SECTIONS.get(spec.solution_group, ""),
                spec.solution_group,
                spec.lead_text,
                spec.coordinator_text,
                d["deadline_text"],
                d["deadline_kind"],
                d["due_date"],
                d["start_date"],
                d["recurring"],
                d["recurrence"],
                spec.expected_product,
                spec.upstream_id,
                "synth",
                True,
                status.code,
                status.warning,
                status.due,
                self.ctx.as_of,
                status.done_on,
            ),
        )
        for role, orgs in (
            ("lead", [(o, None) for o in spec.leads]),
            ("coordinator", [(o, None) for o in spec.coordinators] + spec.group_coordinators),
        ):
            for org, group_id in orgs:
                loader.add(TaskAssignment, (loader.new_id(TaskAssignment), spec.id, org.id, role, group_id))
