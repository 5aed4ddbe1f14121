"""The cascade of documents and their tasks: Politburo → Government → each province's Party programme →
the People's Committee's plan (≈1,000 tasks) → every agency's and every commune's own plan.

Deadlines are written as plans write them, in every form the extractor knows (a date, a month, a quarter
in Arabic or Roman numerals, a half-year, a year, a range, "Thường xuyên", "Hằng quý", "Quý 1/2026 và các
năm tiếp theo", nothing at all), and turned into the structured columns by the same function the importer
uses (`tasks.services.deadline_fields`, i.e. `ingest.deadlines.parse_deadline`).
"""

import datetime as dt
from dataclasses import dataclass, field

from giamsat.documents.models import Document, DocumentRelation
from giamsat.synth import vocab
from giamsat.synth.clock import REORGANIZATION, RESOLUTION_57, RESOLUTION_71, at
from giamsat.synth.organizations import Central, Org, Province
from giamsat.tasks.models import Task, TaskAssignment
from giamsat.tasks.services import deadline_fields

DOCUMENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "doc_type",
    "number",
    "date",
    "issuer_id",
    "issuer_name",
    "place",
    "title",
    "is_published",
    "is_demo",
)
RELATION_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "source_id",
    "target_id",
    "kind",
    "cited_number",
    "cited_text",
)
ASSIGNMENT_COLUMNS = ("id", "task_id", "organization_id", "role", "via_group_id")

TABLES = [(Document, DOCUMENT_COLUMNS), (DocumentRelation, RELATION_COLUMNS)]
LATE_TABLES = [(TaskAssignment, ASSIGNMENT_COLUMNS)]  # written after the tasks they point at

GROUP_WEIGHTS = [(1, 15), (2, 10), (3, 15), (4, 10), (5, 30), (6, 12), (7, 5), (None, 3)]


@dataclass
class Plan:
    id: int
    doc_type: str
    number: str
    date: dt.date
    issuer: Org
    tasks: list["TaskSpec"] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.doc_type} số {self.number} ngày {self.date:%d/%m/%Y}"


@dataclass(slots=True)
class TaskSpec:
    id: int
    plan: Plan
    number: str
    position: int
    name: str
    solution_group: int | None
    deadline: dict  # the Task columns of deadline_fields()
    expected_product: str
    upstream_id: int | None
    lead_text: str
    coordinator_text: str
    leads: list[Org]
    coordinators: list[Org]
    group_coordinators: list[tuple[Org, int]]  # (member, group id) of a group phrase ("UBND cấp xã")
    office_user_id: int | None


class _Deadlines:
    """Deadline texts in every form, parsed once per distinct (text, year)."""

    def __init__(self):
        self.cache: dict[tuple[str, int], dict] = {}

    def text(self, rng, year: int) -> str:
        y = year + rng.choices((0, 1, 2), (45, 40, 15))[0]
        form = rng.choices(
            ("date", "month", "quarter", "roman", "half", "year", "range", "continuous", "none"),
            (8, 15, 14, 6, 8, 20, 5, 20, 4),
        )[0]
        if form == "date":
            return f"Trước ngày {rng.choice((15, 20, 30))}/{rng.randint(1, 12)}/{y}".replace("30/2/", "28/2/")
        if form == "month":
            return (
                f"Tháng {rng.randint(1, 12)}/{y}"
                if rng.random() < 0.8
                else f"Tháng {rng.randint(1, 12)} năm {y}"
            )
        if form == "quarter":
            return f"Quý {rng.randint(1, 4)}/{y}"
        if form == "roman":
            return f"Quý {rng.choice(('I', 'II', 'III', 'IV'))}/{y}"
        if form == "half":
            return f"6 tháng {rng.choice(('đầu', 'cuối'))} năm {y}"
        if form == "year":
            return f"Năm {y}" if rng.random() < 0.85 else str(y)
        if form == "range":
            return rng.choice((f"{year} - 2030", f"Giai đoạn {year}-{year + 2}"))
        if form == "continuous":
            return rng.choices(
                (
                    "Thường xuyên",
                    "Hằng năm",
                    "Hằng quý",
                    "Hằng tháng",
                    f"Quý 1/{year + 1} và các năm tiếp theo",
                    f"Thường xuyên trong năm {year} và các năm tiếp theo",
                ),
                (8, 3, 3, 2, 2, 2),
            )[0]
        return ""

    def fields(self, text: str, year: int) -> dict:
        key = (text, year)
        if key not in self.cache:
            self.cache[key] = deadline_fields(text, default_year=year)
        return self.cache[key]


DEADLINES = _Deadlines()


def _document(
    ctx,
    *,
    doc_type: str,
    number: str,
    date: dt.date,
    issuer: Org,
    title: str,
    place: str,
    published: bool,
    based_on: list[Plan],
) -> Plan:
    plan = Plan(ctx.loader.new_id(Document), doc_type, number, date, issuer)
    created = at(date, 10)
    ctx.loader.add(
        Document,
        (
            plan.id,
            created,
            created,
            doc_type,
            number,
            date,
            issuer.id,
            issuer.name,
            place,
            title,
            published,
            True,
        ),
    )
    for target in based_on:
        ctx.loader.add(
            DocumentRelation,
            (
                ctx.loader.new_id(DocumentRelation),
                created,
                created,
                plan.id,
                target.id,
                "based_on",
                target.number,
                target.label,
            ),
        )
    return plan


def _names(orgs: list[Org]) -> str:
    return "; ".join(o.short_name or o.name for o in orgs)


def _add_tasks(
    ctx,
    plan: Plan,
    count: int,
    *,
    leads: list[Org],
    lead_weights: list[int] | None = None,
    coordinators: list[Org] = (),
    groups: list[tuple[str, int, list[Org], float]] = (),
    upstream: list[int] = (),
    office_user_id: int | None = None,
) -> None:
    """`count` tasks on `plan`, sorted by solution group like the sections of a real plan. `groups` are
    (phrase, group id, members, share of tasks that name the group as coordinator)."""
    rng = ctx.rng
    drafts = [
        rng.choices([g for g, _ in GROUP_WEIGHTS], [w for _, w in GROUP_WEIGHTS])[0] for _ in range(count)
    ]
    drafts.sort(key=lambda g: 8 if g is None else g)
    for position, group in enumerate(drafts):
        n_leads = rng.choices((1, 2, 3), (88, 10, 2))[0]
        task_leads = list(dict.fromkeys(rng.choices(leads, lead_weights, k=n_leads)))
        pool = [o for o in coordinators if o not in task_leads]
        task_coords = rng.sample(pool, min(len(pool), rng.choices((0, 1, 2, 3), (50, 30, 15, 5))[0]))
        coord_text = [o.short_name or o.name for o in task_coords]
        via_group: list[tuple[Org, int]] = []
        for phrase, group_id, members, share in groups:
            if rng.random() < share:
                taken = {o.id for o in task_leads + task_coords} | {o.id for o, _ in via_group}
                via_group += [(m, group_id) for m in members if m.id not in taken]
                coord_text.append(phrase)
        deadline = DEADLINES.fields(DEADLINES.text(rng, plan.date.year), plan.date.year)
        topic = group or rng.randint(1, 7)
        name = f"{rng.choice(vocab.TASK_ACTIONS)} {rng.choice(vocab.TASK_OBJECTS[topic])}"
        plan.tasks.append(
            TaskSpec(
                id=ctx.loader.new_id(Task),
                plan=plan,
                number=str(position + 1),
                position=position,
                name=name,
                solution_group=group,
                deadline=deadline,
                expected_product=rng.choice(vocab.PRODUCTS),
                upstream_id=rng.choice(upstream) if upstream else None,
                lead_text=_names(task_leads),
                coordinator_text="; ".join(coord_text),
                leads=task_leads,
                coordinators=task_coords,
                group_coordinators=via_group,
                office_user_id=office_user_id,
            )
        )


def build_central_plans(ctx, central: Central) -> tuple[Plan, Plan]:
    resolution = _document(
        ctx,
        doc_type="Nghị quyết",
        number="57-NQ/TW",
        date=RESOLUTION_57,
        issuer=central.politburo,
        place="Hà Nội",
        published=True,
        based_on=[],
        title="Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    )
    programme = _document(
        ctx,
        doc_type="Nghị quyết",
        number="71/NQ-CP",
        date=RESOLUTION_71,
        issuer=central.government,
        place="Hà Nội",
        published=True,
        based_on=[resolution],
        title="Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW",
    )
    if central.ministries:
        _add_tasks(
            ctx, programme, ctx.scale.central_tasks, leads=central.ministries, coordinators=central.ministries
        )
    return resolution, programme


@dataclass
class ProvincePlans:
    programme: Plan  # the Party committee's action programme
    plan: Plan  # the People's Committee's plan: the document of the aggregated report
    agency_plans: list[Plan]
    commune_plans: list[Plan]

    def all(self) -> list[Plan]:
        return [self.programme, self.plan, *self.agency_plans, *self.commune_plans]


def build_province_plans(ctx, prov: Province, resolution: Plan, programme_71: Plan) -> ProvincePlans:
    rng, scale = ctx.rng, ctx.scale
    place = prov.name
    party = prov.orgs["tinh-uy"]
    ubnd = prov.orgs["ubnd"]
    issuers = prov.issuers
    programme = _document(
        ctx,
        doc_type="Chương trình hành động",
        number=f"{rng.randint(20, 99)}-CTr/TU",
        date=RESOLUTION_57 + dt.timedelta(days=rng.randint(45, 75)),
        issuer=party,
        place=place,
        published=True,
        based_on=[resolution],
        title=f"Chương trình hành động của {party.name} thực hiện Nghị quyết số 57-NQ/TW",
    )
    _add_tasks(
        ctx,
        programme,
        scale.program_tasks,
        leads=prov.with_role("party", "ubnd", "council"),
        coordinators=issuers,
    )
    plan = _document(
        ctx,
        doc_type="Kế hoạch",
        number=f"{rng.randint(1000, 3999)}/KH-UBND",
        date=programme.date + dt.timedelta(days=rng.randint(60, 100)),
        issuer=ubnd,
        place=place,
        published=True,
        based_on=[programme, programme_71],
        title=f"Kế hoạch thực hiện Chương trình hành động số {programme.number} trên địa bàn {prov.unit}",
    )
    _add_tasks(
        ctx,
        plan,
        scale.plan_tasks,
        leads=issuers,
        lead_weights=[3 if o.kind == "department" else 1 for o in issuers],
        coordinators=issuers,
        groups=[
            ("UBND cấp xã", prov.communes_group_id, prov.communes, 0.10),
            ("Các sở, ban, ngành", prov.departments_group_id, issuers, 0.05),
        ],
        upstream=[t.id for t in programme_71.tasks],
        office_user_id=prov.office_user_id,
    )
    led_by: dict[int, list[int]] = {}
    for task in plan.tasks:
        for org in task.leads:
            led_by.setdefault(org.id, []).append(task.id)
    for_communes = [
        t.id for t in plan.tasks if any(group == prov.communes_group_id for _, group in t.group_coordinators)
    ]

    agency_plans = []
    for org in issuers:
        own = _document(
            ctx,
            doc_type="Kế hoạch",
            number=f"{rng.randint(10, 999)}/KH-{org.slug.upper().replace('-', '')}",
            date=plan.date + dt.timedelta(days=rng.randint(10, 60)),
            issuer=org,
            place=place,
            published=False,
            based_on=[plan],
            title=f"Kế hoạch triển khai {plan.label} của {org.name}",
        )
        _add_tasks(
            ctx,
            own,
            scale.agency_plan_tasks,
            leads=[org],
            coordinators=issuers,
            groups=[("UBND cấp xã", prov.communes_group_id, prov.communes, 0.03)],
            upstream=led_by.get(org.id, []),
            office_user_id=prov.office_user_id,
        )
        agency_plans.append(own)
    commune_plans = []
    for org in prov.communes:
        own = _document(
            ctx,
            doc_type="Kế hoạch",
            number=f"{rng.randint(10, 299)}/KH-UBND",
            date=max(plan.date, REORGANIZATION) + dt.timedelta(days=rng.randint(15, 75)),
            issuer=org,
            place=place,
            published=False,
            based_on=[plan],
            title=f"Kế hoạch triển khai {plan.label} trên địa bàn {org.short_name}",
        )
        _add_tasks(
            ctx,
            own,
            scale.commune_plan_tasks,
            leads=[org],
            upstream=for_communes,
            office_user_id=prov.office_user_id,
        )
        commune_plans.append(own)
    return ProvincePlans(programme, plan, agency_plans, commune_plans)
