"""`Model.objects.visible_to(user)` for every scoped model (ADR 0018): an agency sees its own rows and those
of the units merged into it, never another agency's; the read-all roles see every row; a user of no
organization (or signed out) sees only what everyone sees."""

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from giamsat.accounts.models import User
from giamsat.core.actors import SYSTEM
from giamsat.documents.models import Document
from giamsat.feedback.models import Feedback
from giamsat.imports.models import ImportJob
from giamsat.indicators.models import ExplanationRequest, Indicator, IndicatorValue
from giamsat.organizations.services import organization_create, organization_succeed
from giamsat.outreach.models import OutreachActivity, OutreachChannel
from giamsat.reporting.models import Reminder, Report, ReportingPeriod, ReportingRule
from giamsat.tasks.models import Evidence, ProgressUpdate, Task, TaskDecision
from giamsat.tasks.services import task_create

_serial = itertools.count(1)
DAY = dt.date(2026, 1, 5)


def _document(issuer, **fields) -> Document:
    return Document.objects.create(doc_type="Kế hoạch", number=f"{next(_serial)}/KH-UBND", date=DAY,
                                   issuer=issuer, title="Văn bản thử", **fields)


def _task(org, ctx) -> Task:
    return task_create(actor=SYSTEM, document=ctx["plain_doc"], number=str(next(_serial)), name="Nhiệm vụ thử",
                       leads=[org])


def _update(org, ctx) -> ProgressUpdate:
    return ProgressUpdate.objects.create(task=_task(org, ctx), organization=org, reported_on=DAY,
                                         state="in_progress")


def _period(org, ctx) -> ReportingPeriod:
    rule = ReportingRule.objects.create(document=_document(ctx["ubnd"]), frequency="monthly")
    rule.reporters.add(org)
    return ReportingPeriod.objects.create(rule=rule, label="Tháng 12/2025", start=dt.date(2025, 12, 1),
                                          end=dt.date(2025, 12, 31), due_date=dt.date(2026, 1, 5))


def _indicator(org, ctx) -> Indicator:
    return Indicator.objects.create(code=f"CT{next(_serial)}", name="Chỉ tiêu thử", responsible=org)


# Each scoped model and how to make one of its rows that belongs to organization `org`.
MAKERS = {
    "task": (Task, _task),
    "decision": (TaskDecision, lambda org, ctx: TaskDecision.objects.create(
        task=_task(org, ctx), kind="paused", decided_on=DAY)),
    "progress update": (ProgressUpdate, _update),
    "evidence": (Evidence, lambda org, ctx: Evidence.objects.create(
        update=_update(org, ctx), link="https://example.org/minh-chung")),
    "document (issued)": (Document, lambda org, ctx: _document(org)),
    "document (gives a task)": (Document, lambda org, ctx: _task(
        org, {"plain_doc": _document(ctx["ubnd"])}).document),
    "indicator": (Indicator, _indicator),
    "indicator value": (IndicatorValue, lambda org, ctx: IndicatorValue.objects.create(
        indicator=_indicator(ctx["ubnd"], ctx), organization=org, period="2025",
        period_end=dt.date(2025, 12, 31), value=1)),
    "explanation request": (ExplanationRequest, lambda org, ctx: ExplanationRequest.objects.create(
        indicator=_indicator(org, ctx), organization=org, message="Đề nghị giải trình")),
    "reporting period": (ReportingPeriod, _period),
    "reporting rule": (ReportingRule, lambda org, ctx: _period(org, ctx).rule),
    "report": (Report, lambda org, ctx: Report.objects.create(period=_period(org, ctx), organization=org)),
    "reminder": (Reminder, lambda org, ctx: Reminder.objects.create(
        organization=org, kind="overdue", channel="in_app", message="Đôn đốc")),
    "feedback": (Feedback, lambda org, ctx: Feedback.objects.create(
        tracking_code=f"PA{next(_serial)}", kind="proposal", subject="Kiến nghị", content="Nội dung",
        routed_to=org)),
    "outreach activity": (OutreachActivity, lambda org, ctx: OutreachActivity.objects.create(
        organization=org, channel=OutreachChannel.objects.get_or_create(code="web", defaults={"name": "Web"})[0],
        title="Tin bài", date=DAY)),
}
READ_ALL = ["admin", "office", "leader", "inspector"]


@pytest.fixture
def scopes(db, frozen_today):
    """Sở TT&TT (merged into Sở KH&CN on 01/03/2025), Sở KH&CN and Sở VHTTDL, with a user of every kind."""
    ubnd = organization_create(name="Ủy ban nhân dân tỉnh", code="ubnd")
    ict = organization_create(name="Sở Thông tin và Truyền thông", code="stttt")
    science = organization_create(name="Sở Khoa học và Công nghệ", code="skhcn")
    culture = organization_create(name="Sở Văn hóa, Thể thao và Du lịch", code="svhttdl")
    organization_succeed(predecessors=[ict], successor=science, effective_date=dt.date(2025, 3, 1))

    def user(name, role, org=None):
        return User.objects.create(username=name, role=role, organization=org)

    users = {
        "focal_science": user("skhcn", "focal", science),
        "head_science": user("ld-skhcn", "head", science),
        **{role: user(role, role, ubnd if role == "leader" else None) for role in READ_ALL},
        # An agency role with no organization (built, not saved: the database requires one), and a visitor.
        "no_organization": User(username="mat-co-quan", role="focal", organization=None),
        "anonymous": AnonymousUser(),
    }
    ctx = {"ubnd": ubnd, "plain_doc": _document(ubnd)}
    return {"orgs": {"ict": ict, "science": science, "culture": culture}, "users": users, "ctx": ctx}


def _ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("kind", list(MAKERS))
def test_visible_to_follows_the_scope(scopes, kind):
    model, make = MAKERS[kind]
    before = _ids(model.objects.all())  # rows the set-up made (the plain document)
    rows = {name: make(org, scopes["ctx"]).pk for name, org in scopes["orgs"].items()}
    users = scopes["users"]

    for agency in ("focal_science", "head_science"):
        seen = _ids(model.objects.visible_to(users[agency]))
        assert rows["science"] in seen, f"{kind}: an agency sees its own row"
        assert rows["ict"] in seen, f"{kind}: an agency sees the row of the unit merged into it"
        assert rows["culture"] not in seen, f"{kind}: an agency never sees another agency's row"
    for role in READ_ALL:
        seen = _ids(model.objects.visible_to(users[role]))
        assert seen >= set(rows.values()), f"{kind}: {role} sees every row"
    for nobody in ("no_organization", "anonymous"):
        assert not _ids(model.objects.visible_to(users[nobody])) - before, f"{kind}: {nobody} sees no row"


@pytest.mark.parametrize("model", [Document, Indicator])
def test_published_rows_are_seen_by_everyone(scopes, model):
    ctx, users = scopes["ctx"], scopes["users"]
    culture = scopes["orgs"]["culture"]
    if model is Document:
        row = _document(culture, is_published=True)
    else:
        row = _indicator(culture, ctx)
        Indicator.objects.filter(pk=row.pk).update(is_published=True)
    for name in ("focal_science", "no_organization", "anonymous", "admin"):
        assert row.pk in _ids(model.objects.visible_to(users[name])), name


def test_a_report_sent_to_an_agency_as_recipient_is_seen_by_it_once_sent(scopes):
    science, culture = scopes["orgs"]["science"], scopes["orgs"]["culture"]
    period = _period(culture, scopes["ctx"])
    ReportingRule.objects.filter(pk=period.rule_id).update(recipient=science)
    report = Report.objects.create(period=period, organization=culture)
    focal = scopes["users"]["focal_science"]
    assert report.pk not in _ids(Report.objects.visible_to(focal)), "another agency's draft stays hidden"
    Report.objects.filter(pk=report.pk).update(state=Report.State.SENT, sent_at=timezone.now())
    assert report.pk in _ids(Report.objects.visible_to(focal))


def test_import_jobs_belong_to_no_agency(scopes):
    job = ImportJob.objects.create(filename="kh.docx", size=1, sha256="0" * 64)
    users = scopes["users"]
    assert not _ids(ImportJob.objects.visible_to(users["focal_science"]))
    assert job.pk in _ids(ImportJob.objects.visible_to(users["office"]))


def test_within_a_scope_is_the_same_rule(scopes):
    """`within(org_ids)`, used by figures computed over organizations and the compiled task reference, gives
    the rows `visible_to` gives a user of that scope; None is every row."""
    rows = {name: _task(org, scopes["ctx"]).pk for name, org in scopes["orgs"].items()}
    science, ict = scopes["orgs"]["science"], scopes["orgs"]["ict"]
    assert _ids(Task.objects.within({science.pk, ict.pk})) == _ids(
        Task.objects.visible_to(scopes["users"]["focal_science"])) == {rows["science"], rows["ict"]}
    assert _ids(Task.objects.within(None)) == _ids(Task.objects.all())
    assert not _ids(Task.objects.within(set()))


def test_the_compiled_task_reference_agrees_with_visible_to(scopes):
    """`task_ref` (the posting path's query, compiled once: ADR 0013) answers by the same rule."""
    from giamsat.core.errors import NotFoundError
    from giamsat.tasks.selectors import task_ref

    rows = {_task(org, scopes["ctx"]).pk for org in scopes["orgs"].values()}
    for name, user in scopes["users"].items():
        found = set()
        for pk in rows:
            try:
                found.add(task_ref(user, pk).pk)
            except NotFoundError:
                pass
        assert found == _ids(Task.objects.visible_to(user)) & rows, name
