"""`giamsat synth` at small scale: counts, referential integrity, stored statuses, determinism, guards."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import F

pytestmark = pytest.mark.django_db


def test_small_scale_has_a_few_hundred_tasks_and_every_kind_of_row(synth_small):
    counts = synth_small.counts
    assert 200 <= counts["tasks.Task"] <= 400
    assert all(n > 0 for n in counts.values()), {k: n for k, n in counts.items() if not n}
    assert counts["tasks.ProgressUpdate"] > 4 * counts["tasks.Task"]
    # Two provinces, each with its Party committee, People's Committee, agencies, communes and a district.
    from giamsat.organizations.models import Organization

    assert Organization.objects.filter(level="province", kind="peoples_committee").count() == 2
    assert Organization.objects.filter(level="commune").count() == 10
    assert Organization.objects.filter(level="district", valid_to__isnull=False).count() == 2


def test_every_foreign_key_resolves_and_every_task_has_a_lead(synth_small):
    from giamsat.tasks.models import ProgressUpdate, Task

    connection.check_constraints()  # raises IntegrityError on any dangling foreign key (deferred or not)
    assert not Task.objects.exclude(assignments__role="lead").exists()
    # Updates are written by the focal point of the organization that reports.
    assert not ProgressUpdate.objects.exclude(author__organization=F("organization")).exists()


def test_the_cascade_runs_from_the_politburo_down_to_communes(synth_small):
    from giamsat.documents.models import Document, DocumentRelation

    root = Document.objects.get(number="57-NQ/TW")
    depth = {root.pk: 0}  # the longest chain of "based on" from the resolution
    edges = list(DocumentRelation.objects.filter(kind="based_on").values_list("source", "target"))
    for _ in range(5):
        for source, target in edges:
            if target in depth:
                depth[source] = max(depth.get(source, 0), depth[target] + 1)
    assert len(depth) == Document.objects.count()  # every document descends from the resolution
    # 57-NQ/TW → the Party programme → the People's Committee's plan → a commune's plan
    commune_plans = list(Document.objects.filter(issuer__level="commune").values_list("pk", flat=True))
    assert commune_plans and {depth[pk] for pk in commune_plans} == {3}
    # the root resolution is stored for every document (ADR 0040): the resolution filter finds them all
    through = Document.roots.through.objects
    assert set(through.values_list("to_document_id", flat=True)) == {root.pk}
    assert through.count() == Document.objects.count()


def test_stored_statuses_equal_compute_status(synth_small, frozen_today):
    from giamsat.tasks.models import Task
    from giamsat.tasks.selectors import task_status, with_status_facts

    tasks = list(with_status_facts(Task.objects.order_by("pk")))
    assert all(t.status_as_of == frozen_today for t in tasks)
    for task in tasks[::5]:
        computed = task_status(task, today=frozen_today)
        assert (task.status_code, task.status_warning, task.status_due, task.status_done_on) == (
            computed.code,
            computed.warning,
            computed.due,
            computed.done_on,
        ), task.pk
    codes = {t.status_code for t in tasks}
    # The indicators' combined series are stored too, equal to a fresh refresh.
    from giamsat.indicators.models import Indicator
    from giamsat.indicators.series import refresh_series

    generated = dict(Indicator.objects.values_list("pk", "series"))
    assert generated and all(s is not None and s["all"] for s in generated.values())
    refresh_series(list(generated))
    assert dict(Indicator.objects.values_list("pk", "series")) == generated
    assert {"done_on_time", "done_late", "overdue", "in_progress", "reported", "not_reported"} <= codes


def test_every_deadline_form_and_recurrence_appears(synth_small):
    from giamsat.tasks.models import Task

    kinds = set(Task.objects.values_list("deadline_kind", flat=True))
    assert {"date", "month", "quarter", "half", "year", "range", "continuous", "none"} <= kinds
    recurrences = set(Task.objects.filter(recurring=True).values_list("recurrence", flat=True))
    assert {"", "annual", "quarterly", "monthly"} <= recurrences


def test_everything_is_marked_synthetic_and_nothing_is_audited(synth_small):
    from giamsat.audit.models import AuditEntry
    from giamsat.documents.models import Document
    from giamsat.indicators.models import IndicatorValue
    from giamsat.organizations.models import Organization
    from giamsat.tasks.models import ProgressUpdate, Task

    for model in (Organization, Document, Task, ProgressUpdate, IndicatorValue):
        assert not model.objects.filter(is_demo=False).exists(), model
    assert not AuditEntry.objects.exists()  # documented: the bulk load bypasses the signals


def test_the_search_index_covers_the_bulk_loaded_rows(synth_small):
    """The bulk load sends no signal: the generator rebuilds the search index at its end."""
    from giamsat.search.index import SOURCES, search_key
    from giamsat.search.models import SearchEntry
    from giamsat.tasks.models import Task

    for kind, (model, *_) in SOURCES.items():
        assert SearchEntry.objects.filter(kind=kind).count() == model.objects.count(), kind
    assert all(SearchEntry.objects.filter(kind=kind).exists() for kind in ("task", "document", "organization"))
    task = Task.objects.order_by("id").first()
    word = task.name.split()[-1]
    assert search_key(word).strip() in SearchEntry.objects.get(kind="task", object_id=task.pk).key


def test_the_same_seed_gives_the_same_rows(db, frozen_today):
    from giamsat.synth import SCALES, generate
    from giamsat.synth.digest import database_digest

    digests = []
    for _ in range(2):
        savepoint = transaction.savepoint()
        generate(SCALES["small"], seed=11, as_of=frozen_today)
        digests.append(database_digest())
        transaction.savepoint_rollback(savepoint)
    generate(SCALES["small"], seed=12, as_of=frozen_today)
    other = database_digest()
    assert digests[0] == digests[1]
    assert other["tasks.ProgressUpdate"] != digests[0]["tasks.ProgressUpdate"]


def test_refuses_real_data_without_force_and_never_runs_twice(db, frozen_today):
    from giamsat.organizations.models import Organization
    from giamsat.synth import SCALES, generate
    from giamsat.synth.tables import SynthError

    Organization.objects.create(name="Sở thật", code="so-that")
    with pytest.raises(SynthError, match="dữ liệu thật"):
        generate(SCALES["small"], as_of=frozen_today)
    generate(SCALES["small"], as_of=frozen_today, force=True)
    with pytest.raises(SynthError, match="đã có dữ liệu tổng hợp"):
        generate(SCALES["small"], as_of=frozen_today, force=True)
    with pytest.raises(SynthError, match="trở đi|or later"):
        generate(SCALES["small"], as_of=dt.date(2025, 1, 1), force=True)


def test_command_marks_the_data_as_not_official(db, frozen_today, settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path
    call_command("synth", "--scale", "small", "--today", frozen_today.isoformat())
    out = capsys.readouterr().out
    assert "tasks.Task" in out and "không đăng nhập được" in out
    assert (tmp_path / "DEMO").exists()


def _schema() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f'"
        )
        return indexes | set(cursor.fetchall())


def test_postgres_bulk_mode_gives_back_every_index_and_foreign_key(db, frozen_today):
    """The national scale drops indexes and foreign keys of empty tables during the load: all come back."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from dataclasses import replace

    from giamsat.synth import SCALES, generate
    from giamsat.tasks.models import ProgressUpdate

    before = _schema()
    generate(replace(SCALES["small"], rebuild_indexes=True), as_of=frozen_today)
    assert _schema() == before
    connection.check_constraints()
    update = ProgressUpdate.objects.order_by("pk").last()
    with pytest.raises(IntegrityError), transaction.atomic():  # the foreign key is enforced again
        ProgressUpdate.objects.filter(pk=update.pk).update(task_id=10**9)
        connection.check_constraints()
