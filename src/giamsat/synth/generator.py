"""One run of the generator: guard, load all in one transaction, restore indexes, refresh statistics."""

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from giamsat.accounts.models import User
from giamsat.core.frame import renew_frame_rows
from giamsat.dashboard.snapshots import forget_all
from giamsat.documents.models import Document
from giamsat.documents.roots import refresh_roots
from giamsat.indicators.models import Indicator
from giamsat.indicators.series import refresh_series
from giamsat.organizations.models import Organization
from giamsat.organizations.selectors import scope_version_bump
from giamsat.search.index import rebuild as rebuild_search_index
from giamsat.synth import feedback, history, indicators, organizations, plans, reporting
from giamsat.synth.clock import EARLIEST_AS_OF
from giamsat.synth.context import Context
from giamsat.synth.history import History
from giamsat.synth.indicators import IndicatorBuilder
from giamsat.synth.organizations import CODE_PREFIX, USER_PREFIX, People, build_central, build_province
from giamsat.synth.plans import build_central_plans, build_province_plans
from giamsat.synth.reporting import build_reporting
from giamsat.synth.scales import Scale
from giamsat.synth.tables import Loader, SynthError
from giamsat.synth.writers import PostgresLoadMode, analyze, reset_sequences, writer_for
from giamsat.tasks.models import Task

# Every table the generator writes, parents first (the order of each flush).
ALL_TABLES = (
    organizations.TABLES
    + plans.TABLES
    + history.TABLES
    + plans.LATE_TABLES
    + history.LATE_TABLES
    + indicators.TABLES
    + reporting.TABLES
    + feedback.TABLES
)


@dataclass
class SynthResult:
    scale: str
    seed: int
    as_of: dt.date
    seconds: float
    counts: dict[str, int]
    statuses: dict[str, int]
    handles: dict = field(default_factory=dict)  # user names and ids the benchmark needs


def real_data_present() -> dict[str, int]:
    """Rows not written by the generator, by kind (empty dict: none)."""
    found = {
        "organizations": Organization.objects.exclude(code__startswith=CODE_PREFIX).count(),
        "users": User.objects.exclude(username__startswith=USER_PREFIX).count(),
        "documents": Document.objects.filter(is_demo=False).count(),
        "tasks": Task.objects.filter(is_demo=False).count(),
    }
    return {k: v for k, v in found.items() if v}


def generate(
    scale: Scale,
    *,
    seed: int = 57,
    as_of: dt.date | None = None,
    force: bool = False,
    password: str | None = None,
    log=lambda message: None,
) -> SynthResult:
    """Write a synthetic country (or province) for `as_of` (default today). Refuses when the database
    holds data that the generator did not write, unless `force`; always refuses to add to an earlier run."""
    as_of = as_of or timezone.localdate()
    if as_of < EARLIEST_AS_OF:
        raise SynthError(
            f"--today must be {EARLIEST_AS_OF:%d/%m/%Y} or later: the plans of the cascade exist by then"
        )
    if organizations.province_codes_exist():
        raise SynthError("Cơ sở dữ liệu đã có dữ liệu tổng hợp (synthetic); hãy dùng một cơ sở dữ liệu mới.")
    present = real_data_present()
    if present and not force:
        listing = ", ".join(f"{n} {kind}" for kind, n in present.items())
        raise SynthError(f"Cơ sở dữ liệu đã có dữ liệu thật ({listing}); thêm --force nếu thật sự muốn trộn.")

    started = time.monotonic()
    models = [model for model, _ in ALL_TABLES]
    # One password hash for every user (Argon2 per user would take minutes), or an unusable one.
    password_hash = make_password(password) if password else organizations.UNUSABLE_PASSWORD
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        loader = Loader(writer_for(connection))
        for model, columns in ALL_TABLES:
            loader.register(model, columns)
        load_mode = (
            PostgresLoadMode(connection, models)
            if connection.vendor == "postgresql" and scale.rebuild_indexes
            else None
        )
        if load_mode:
            load_mode.relax()
        ctx = Context(
            scale=scale, seed=seed, as_of=as_of, loader=loader, warning_days=settings.GIAMSAT_WARNING_DAYS
        )
        statuses: Counter = Counter()

        people = People(ctx, password_hash)
        central = build_central(ctx, people)
        resolution, programme_71 = build_central_plans(ctx, central)
        central_history = History(ctx)
        for spec in programme_71.tasks:
            central_history.record(spec)
        statuses.update(central_history.statuses)
        loader.flush()
        handles = {
            "admin": f"{USER_PREFIX}quantri",
            "national_leader": f"{USER_PREFIX}lanhdao",
            "inspector": f"{USER_PREFIX}kiemtra",
        }

        for index in range(scale.provinces):
            ctx.reseed(f"province-{index}")
            people = People(ctx, password_hash)
            prov = build_province(ctx, people, index)
            province_plans = build_province_plans(ctx, prov, resolution, programme_71)
            province_history = History(ctx, prov.slug)
            for plan in province_plans.all():
                for spec in plan.tasks:
                    province_history.record(spec)
            statuses.update(province_history.statuses)
            IndicatorBuilder(ctx, prov, province_plans.plan.id).build()
            periods = build_reporting(ctx, prov, province_plans.plan)
            feedback_code = feedback.build_feedback(ctx, prov)
            loader.flush()
            if index == 0:
                handles.update(_province_handles(prov, province_plans, periods, as_of))
                handles["feedback_code"] = feedback_code
            log(
                f"{prov.unit}: {sum(len(p.tasks) for p in province_plans.all())} nhiệm vụ "
                f"({time.monotonic() - started:.0f} s)"
            )

        log("Tạo lại chỉ mục, khóa ngoại; cập nhật thống kê ...")
        if load_mode:
            load_mode.restore()
        reset_sequences(connection, models)
        log("Tổng hợp chuỗi số liệu của các chỉ tiêu ...")
        refresh_series(Indicator.objects.filter(series__isnull=True).values_list("pk", flat=True))
        refresh_roots()  # bulk rows: the root resolutions of the cascade, derived here (ADR 0040)
        if not outermost:
            analyze(connection, models)
    if outermost:
        analyze(connection, models)  # after the commit: VACUUM (ANALYZE) on PostgreSQL
    forget_all()  # bulk rows leave no audit entry: dashboard snapshots must not outlive them
    scope_version_bump()  # nor send signals: every process's memo of the reorganization is dropped (ADR 0032)
    renew_frame_rows()  # and every kept user-and-organization row of the signed-in frame (ADR 0055)
    rebuild_search_index()  # nor the search index's
    return SynthResult(
        scale=scale.name,
        seed=seed,
        as_of=as_of,
        seconds=round(time.monotonic() - started, 1),
        counts=loader.counts(),
        statuses=dict(sorted(statuses.items())),
        handles=handles,
    )


def _province_handles(prov, province_plans, periods, as_of: dt.date) -> dict:
    """Who and what the benchmark uses in the first province."""
    department = prov.main_department
    monthly = [p for p in periods if p["frequency"] == "monthly"]
    past = [p for p in monthly if p["due_date"] <= as_of]
    led = [t.id for t in province_plans.plan.tasks if department in t.leads and not t.deadline["recurring"]]
    reporters = prov.issuers + prov.communes
    return {
        "province": prov.name,
        "province_leader": f"{USER_PREFIX}{prov.slug}.lanhdao",
        "office": f"{USER_PREFIX}{prov.slug}.vanphong",
        "focal": f"{USER_PREFIX}{prov.slug}.{department.slug}",
        "head": f"{USER_PREFIX}{prov.slug}.{department.slug}.ld",
        "focal_organization_id": department.id,
        "plan_document_id": province_plans.plan.id,
        "plan_tasks": len(province_plans.plan.tasks),
        "plan_period": f"{past[-1]['end']:%Y-%m}" if past else None,
        # Periods not yet due: their reports are drafts at most, so each reporter can send one.
        "pending_period_ids": [p["id"] for p in periods if p["due_date"] > as_of],
        "reporters": [
            [f"{USER_PREFIX}{prov.slug}.{o.slug}", f"{USER_PREFIX}{prov.slug}.{o.slug}.ld"] for o in reporters
        ],
        "focal_lead_task_ids": led[:50],
    }
