"""Who may use each route: the one table, keyed by URL name (pages) and operation name (API), and its guard.

Each route names who may read it (GET, HEAD, OPTIONS) and who may write through it (POST, PUT, PATCH,
DELETE); `None` means the route takes no such request (405). Audiences are the role predicates of
accounts/access.py. Pages are guarded by RouteRulesMiddleware before the view runs; API operations by
the API's authentication once it knows the user (api/auth.py). A route missing from the table is refused
to everyone, and tests/web/test_routes.py fails on it (ADR 0019).

The table decides roles only. Rows are another matter: an object outside the user's organization is not
found (the model's `visible_to` queryset), whatever the table says.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed

from giamsat.accounts import access
from giamsat.accounts.models import Role, User
from giamsat.core.middleware import error_page

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _anyone(user) -> bool:
    return True


@dataclass(frozen=True)
class Audience:
    """Who: a predicate of accounts/access.py (never restated here)."""

    allows: Callable[[object], bool]

    @cached_property
    def roles(self) -> list[Role]:
        """The roles the predicate lets in, asked of a stand-in user of each role (for messages, docs)."""
        return [role for role in Role if self.allows(User(role=role, organization_id=0, is_active=True))]

    @property
    def label(self) -> str:
        return "; ".join(role.label[0].lower() + role.label[1:] for role in self.roles)


ANYONE = Audience(_anyone)
SIGNED_IN = Audience(access.is_active_user)
MANAGERS = Audience(access.manages)  # administrators, the monitoring office
AGENCIES = Audience(access.is_agency_user)  # focal points and heads of one organization
AGENCY_HEADS = Audience(access.is_agency_head)
READ_ALL = Audience(access.sees_all)  # administrators, the office, leaders, inspectors
HISTORY = Audience(access.can_see_history)
AGGREGATORS = Audience(access.can_aggregate)
QUESTION_READERS = Audience(access.can_read_questions)
EXPLANATION_REQUESTERS = Audience(access.can_request_explanation)
SECOND_FACTOR = Audience(access.can_use_second_factor)
EVALUATORS = Audience(access.can_manage_evaluations)
EVALUATION_READERS = Audience(access.can_read_evaluation_reports)
OBJECTORS = Audience(access.can_object_to_evaluation)
FEEDBACK_OFFICE = Audience(access.can_triage_feedback)
FEEDBACK_FILERS = Audience(access.can_file_feedback_inside)
OUTREACH_RECORDERS = Audience(access.can_record_outreach)
REORGANIZERS = Audience(access.can_reorganize)
URGERS = Audience(access.can_urge)


@dataclass(frozen=True)
class Rule:
    read: Audience | None = None
    write: Audience | None = None

    def audience(self, method: str) -> Audience | None:
        return self.read if method in READ_METHODS else self.write


# Pages: URL name → rule. Reads are GET; writes are the forms' POSTs.
PAGES: dict[str, Rule] = {
    "healthz": Rule(read=ANYONE),
    "web:login": Rule(read=ANYONE, write=ANYONE),
    "web:login_totp": Rule(read=ANYONE, write=ANYONE),
    "web:logout": Rule(write=ANYONE),
    "web:home": Rule(read=SIGNED_IN),
    "web:documents": Rule(read=SIGNED_IN),
    "web:document": Rule(read=SIGNED_IN),
    "web:document_cascade": Rule(read=SIGNED_IN),
    "web:tasks": Rule(read=SIGNED_IN),
    "web:task": Rule(read=SIGNED_IN, write=AGENCIES),  # write: a progress update of a lead or coordinator
    "web:task_decide": Rule(write=MANAGERS),
    "web:task_edit": Rule(read=MANAGERS, write=MANAGERS),
    "web:evidence": Rule(read=SIGNED_IN),
    "web:task_exceptions": Rule(read=SIGNED_IN),  # an agency: its own tasks (visible_to)
    "web:alert_rules": Rule(read=MANAGERS, write=MANAGERS),
    "metrics:data_quality": Rule(read=MANAGERS),
    "metrics:data_quality_xlsx": Rule(read=MANAGERS),
    "web:organizations": Rule(read=SIGNED_IN),
    "web:organization": Rule(read=SIGNED_IN),
    "web:imports": Rule(read=MANAGERS),
    "web:import_new": Rule(write=MANAGERS),
    "web:import_eoffice_new": Rule(write=MANAGERS),
    "web:import": Rule(read=MANAGERS, write=MANAGERS),
    "accounts:profile": Rule(read=SIGNED_IN),
    "accounts:password_change": Rule(read=SIGNED_IN, write=SIGNED_IN),
    "accounts:totp": Rule(read=SECOND_FACTOR, write=SECOND_FACTOR),
    "accounts:token_new": Rule(write=SIGNED_IN),
    "accounts:token_revoke": Rule(write=SIGNED_IN),  # one's own tokens only (accounts.services)
    "notify:channels": Rule(read=SIGNED_IN, write=SIGNED_IN),  # one's own channels (ADR 0041)
    "notify:deliveries": Rule(read=MANAGERS),  # the delivery log of e-mail, Zalo, Telegram
    # The calendar feed: the secret in its address is the key (no session); a wrong or revoked one is 404.
    "calendars:feed": Rule(read=ANYONE),
    "calendars:create": Rule(write=SIGNED_IN),  # one's own address (made again: the old one stops)
    "calendars:revoke": Rule(write=SIGNED_IN),
    "audit:history": Rule(read=HISTORY),
    "search:results": Rule(read=SIGNED_IN),
    "search:public": Rule(read=ANYONE),  # published documents and their tasks only (search.selectors)
    "qa:ask": Rule(read=SIGNED_IN, write=SIGNED_IN),  # write: asking through the form logs the question
    "qa:rate": Rule(write=SIGNED_IN),  # one's own question only (qa.services)
    "qa:text": Rule(read=SIGNED_IN),
    "qa:office": Rule(read=QUESTION_READERS),
    "qa:public_ask": Rule(read=ANYONE, write=ANYONE),
    "qa:public_rate": Rule(write=ANYONE),  # with the signed token the answer page gave (qa.services)
    "qa:public_text": Rule(read=ANYONE),
    "indicators:list": Rule(read=SIGNED_IN),
    "indicators:create": Rule(read=MANAGERS, write=MANAGERS),
    "indicators:detail": Rule(read=SIGNED_IN),
    "indicators:edit": Rule(read=MANAGERS, write=MANAGERS),
    "indicators:value_add": Rule(write=AGENCIES),  # of the responsible organization (indicators.services)
    "indicators:explanation_request": Rule(write=EXPLANATION_REQUESTERS),
    "indicators:value_review": Rule(write=MANAGERS),
    "indicators:review_queue": Rule(read=MANAGERS),
    "indicators:values_upload": Rule(write=AGENCIES),
    "indicators:values_template": Rule(read=AGENCIES),
    "indicators:explanation_answer": Rule(write=AGENCIES),
    "indicators:export_xlsx": Rule(read=SIGNED_IN),
    "indicators:import_xlsx": Rule(read=MANAGERS, write=MANAGERS),
    "dashboard:leaders": Rule(read=SIGNED_IN),
    "dashboard:part_reports": Rule(read=SIGNED_IN),
    "dashboard:part_indicators": Rule(read=SIGNED_IN),
    "dashboard:export": Rule(read=SIGNED_IN),
    "dashboard:warnings": Rule(read=SIGNED_IN),
    "dashboard:warnings_parts": Rule(read=SIGNED_IN),
    "dashboard:public": Rule(read=ANYONE),
    "dashboard:publication": Rule(read=MANAGERS, write=MANAGERS),
    "reporting:mine": Rule(read=SIGNED_IN),  # the read-all roles are sent on to the board
    "reporting:report": Rule(read=SIGNED_IN, write=AGENCIES),
    "reporting:report_approve": Rule(write=AGENCY_HEADS),
    "reporting:report_send": Rule(write=AGENCY_HEADS),
    "reporting:report_correct": Rule(write=AGENCIES),
    "reporting:report_refill": Rule(write=AGENCIES),
    "reporting:report_return": Rule(write=AGENCY_HEADS),
    "reporting:report_draft": Rule(write=AGENCIES),
    "reporting:board": Rule(read=READ_ALL),
    "reporting:reminders": Rule(read=SIGNED_IN),
    "reporting:remind_run": Rule(write=MANAGERS),
    "reporting:calendar": Rule(read=SIGNED_IN),
    "reporting:period_open": Rule(write=MANAGERS),
    "reporting:period_close": Rule(write=MANAGERS),
    "reporting:period_reopen": Rule(write=MANAGERS),
    "reporting:aggregate": Rule(read=AGGREGATORS),
    "reporting:report_docx": Rule(read=SIGNED_IN),  # a report the user may read (reporting.selectors)
    "reporting:urging_letter": Rule(read=URGERS),
    "reporting:urge": Rule(write=URGERS),
    "reporting:notifications": Rule(read=SIGNED_IN, write=SIGNED_IN),  # write: mark one's own as read
    "evaluation:list": Rule(read=SIGNED_IN),
    "evaluation:run": Rule(write=EVALUATORS),
    "evaluation:public": Rule(read=ANYONE),  # the bands the office chose to publish
    "evaluation:detail": Rule(read=SIGNED_IN),  # an agency: published ones, its own row (evaluation.models)
    "evaluation:recompute": Rule(write=EVALUATORS),
    "evaluation:adjust": Rule(write=EVALUATORS),
    "evaluation:publish": Rule(write=EVALUATORS),
    "evaluation:reopen": Rule(write=EVALUATORS),
    "evaluation:public_toggle": Rule(write=EVALUATORS),
    "evaluation:xlsx": Rule(read=EVALUATION_READERS),
    "evaluation:docx": Rule(read=EVALUATION_READERS),
    "evaluation:agency": Rule(read=SIGNED_IN, write=OBJECTORS),  # write: the agency's objection to its result
    "evaluation:objection_answer": Rule(write=EVALUATORS),
    "evaluation:criteria_sets": Rule(read=SIGNED_IN),
    "evaluation:criteria_import": Rule(read=EVALUATORS, write=EVALUATORS),
    "evaluation:criteria_set": Rule(read=SIGNED_IN, write=EVALUATORS),  # write: a new version
    "evaluation:criteria_xlsx": Rule(read=SIGNED_IN),
    "evaluation:priorities": Rule(read=EVALUATORS, write=EVALUATORS),  # the tasks' weights (1–3)
    "evaluation:task_priority": Rule(write=EVALUATORS),  # a task's weight, from the task page
    # Feedback: the public form, lookup and answers are open to anyone (and only they); the rest signed in.
    "feedback:public_form": Rule(read=ANYONE, write=ANYONE),
    "feedback:public_lookup": Rule(read=ANYONE),
    "feedback:public_answers": Rule(read=ANYONE),
    "feedback:list": Rule(read=SIGNED_IN),
    "feedback:new": Rule(read=FEEDBACK_FILERS, write=FEEDBACK_FILERS),
    "feedback:stats": Rule(read=SIGNED_IN),
    "feedback:detail": Rule(read=SIGNED_IN),
    "feedback:route": Rule(write=FEEDBACK_OFFICE),
    "feedback:merge": Rule(write=FEEDBACK_OFFICE),
    "feedback:reject": Rule(write=FEEDBACK_OFFICE),
    "feedback:publish": Rule(write=FEEDBACK_OFFICE),
    "feedback:answer": Rule(write=AGENCIES),  # the agency it is routed to (feedback.services)
    "feedback:reassign": Rule(write=AGENCIES),  # the agency it is routed to
    "feedback:file": Rule(read=SIGNED_IN),
    "outreach:list": Rule(read=SIGNED_IN),
    "outreach:new": Rule(read=OUTREACH_RECORDERS, write=OUTREACH_RECORDERS),
    "outreach:delete": Rule(write=OUTREACH_RECORDERS),  # its own organization's (outreach.services)
    "outreach:import": Rule(read=OUTREACH_RECORDERS, write=OUTREACH_RECORDERS),
    "outreach:template": Rule(read=OUTREACH_RECORDERS),
    "outreach:export": Rule(read=SIGNED_IN),
    "outreach:summary": Rule(read=SIGNED_IN),
    "outreach:evidence": Rule(read=SIGNED_IN),
    # The API's schema and its documentation page (Django views of django-ninja, not operations).
    "api:openapi-json": Rule(read=ANYONE),
    "api:openapi-view": Rule(read=ANYONE),
    "api:api-root": Rule(read=ANYONE),
    "organizations:reorganizations": Rule(read=REORGANIZERS, write=REORGANIZERS),
    "organizations:reorganization_revert": Rule(write=REORGANIZERS),
    "organizations:codes": Rule(read=REORGANIZERS, write=REORGANIZERS),
    "exports:page": Rule(read=SIGNED_IN),  # an agency: its own organization's report (exports.system57)
    "exports:system57_json": Rule(read=SIGNED_IN),
    "exports:system57_push": Rule(write=MANAGERS),
    "exports:open_data": Rule(read=SIGNED_IN),  # what the user may see (visible_to)
}

# API operations: "api:" + the operation's URL name → rule. An operation has one method: a GET operation
# names its readers, any other its writers.
OPERATIONS: dict[str, Rule] = {
    "api:organizations": Rule(read=SIGNED_IN),
    "api:organization": Rule(read=SIGNED_IN),
    "api:organization_choices": Rule(read=SIGNED_IN),  # the organization chooser's suggestions (#25)
    "api:reorganization_create": Rule(write=REORGANIZERS),
    "api:reorganization_list": Rule(read=REORGANIZERS),
    "api:reorganization_revert": Rule(write=REORGANIZERS),
    "api:documents": Rule(read=SIGNED_IN),
    "api:document": Rule(read=SIGNED_IN),
    "api:tasks": Rule(read=SIGNED_IN),
    "api:task": Rule(read=SIGNED_IN),
    "api:task_patch": Rule(write=MANAGERS),
    "api:updates": Rule(read=SIGNED_IN),
    "api:update_create": Rule(write=AGENCIES),
    "api:update_create_with_files": Rule(write=AGENCIES),
    "api:decisions": Rule(read=SIGNED_IN),
    "api:decision_create": Rule(write=MANAGERS),
    "api:imports": Rule(read=MANAGERS),
    "api:import_create": Rule(write=MANAGERS),
    "api:import_eoffice": Rule(write=MANAGERS),
    "api:import_eoffice_mapping": Rule(write=MANAGERS),
    "api:import_detail": Rule(read=MANAGERS),
    "api:import_commit": Rule(write=MANAGERS),
    "api:report_list": Rule(read=SIGNED_IN),
    "api:report_aggregate": Rule(read=AGGREGATORS),
    "api:period_list": Rule(read=SIGNED_IN),
    "api:period_open": Rule(write=MANAGERS),
    "api:period_detail": Rule(read=SIGNED_IN),
    "api:period_submissions": Rule(read=READ_ALL),
    "api:report_draft": Rule(write=AGENCIES),
    "api:period_close": Rule(write=MANAGERS),
    "api:period_reopen": Rule(write=MANAGERS),
    "api:reminder_list": Rule(read=SIGNED_IN),
    "api:report_detail": Rule(read=SIGNED_IN),
    "api:report_update": Rule(write=AGENCIES),
    "api:report_approve": Rule(write=AGENCY_HEADS),
    "api:report_send": Rule(write=AGENCY_HEADS),
    "api:report_correct": Rule(write=AGENCIES),
    "api:report_refill": Rule(write=AGENCIES),
    "api:report_return": Rule(write=AGENCY_HEADS),
    "api:indicator_list_api": Rule(read=SIGNED_IN),
    "api:indicator_create_api": Rule(write=MANAGERS),
    "api:indicator_detail_api": Rule(read=SIGNED_IN),
    "api:indicator_update_api": Rule(write=MANAGERS),
    "api:indicator_values_api": Rule(read=SIGNED_IN),
    "api:indicator_value_create_api": Rule(write=AGENCIES),
    "api:indicator_value_review_api": Rule(write=MANAGERS),
    "api:indicator_explanation_create_api": Rule(write=EXPLANATION_REQUESTERS),
    "api:indicator_explanation_answer_api": Rule(write=AGENCIES),
    "api:dashboard_summary": Rule(read=SIGNED_IN),
    "api:dashboard_warnings": Rule(read=SIGNED_IN),
    "api:search_api": Rule(read=SIGNED_IN),
    "api:evaluation_list_api": Rule(read=SIGNED_IN),
    "api:evaluation_detail_api": Rule(read=SIGNED_IN),
    "api:metrics": Rule(read=SIGNED_IN),
    "api:data_quality": Rule(read=MANAGERS),  # an agency: its own organization only (metrics.selectors)
    "api:public_feedback_create": Rule(write=ANYONE),
    "api:public_feedback_lookup": Rule(read=ANYONE),
    "api:feedback_list_api": Rule(read=SIGNED_IN),
    "api:feedback_detail_api": Rule(read=SIGNED_IN),
    "api:feedback_create_api": Rule(write=FEEDBACK_FILERS),
    "api:feedback_merge_api": Rule(write=FEEDBACK_OFFICE),
    "api:feedback_reassign_api": Rule(write=AGENCIES),
    "api:feedback_route_api": Rule(write=FEEDBACK_OFFICE),
    "api:feedback_reject_api": Rule(write=FEEDBACK_OFFICE),
    "api:feedback_answer_api": Rule(write=AGENCIES),
    "api:feedback_publish_api": Rule(write=FEEDBACK_OFFICE),
    "api:outreach_list": Rule(read=SIGNED_IN),
    "api:outreach_create": Rule(write=OUTREACH_RECORDERS),
    "api:outreach_summary": Rule(read=SIGNED_IN),
    "api:qa_ask": Rule(read=SIGNED_IN),
    "api:qa_public_ask": Rule(read=ANYONE),
    "api:export_system57": Rule(read=SIGNED_IN),  # an agency: its own organization only (exports.system57)
    "api:export_system57_push": Rule(write=MANAGERS),
    "api:export_open_data": Rule(read=SIGNED_IN),  # what the user may see (visible_to)
}

# Routes that guard themselves: Django's admin site (administrators only, accounts/admin.py).
SELF_GUARDED_NAMESPACES = frozenset({"admin"})
API_NAMESPACE = "api"  # its operations are guarded by the API's authentication (api/auth.py)

UNLISTED = Rule()  # a route missing from the table: nobody


def refusal(user, rule: Rule, method: str) -> str | None:
    """Why `user` may not use a route under `rule` with `method` (a message for the 403 page), or None."""
    audience = rule.audience(method)
    if audience is not None and audience.allows(user):
        return None
    if audience is None or not audience.roles:
        return "Trang, thao tác này chưa mở cho ai."
    return f"Trang, thao tác này dành cho: {audience.label}."


def operation_refusal(user, name: str, method: str) -> str | None:
    """For the API's authentication: the refusal of operation `name` to `user`, or None."""
    return refusal(user, OPERATIONS.get(name, UNLISTED), method)


class RouteRulesMiddleware:
    """Checks every page's rule before its view: a visitor who must sign in is sent to the login page, a
    signed-in user the rule does not name gets the 403 page, a method the route does not take gets 405.
    API operations are checked by the API's authentication, which knows the user of a bearer token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.namespace in SELF_GUARDED_NAMESPACES:
            return None
        if match.namespace == API_NAMESPACE and match.view_name not in PAGES:
            return None
        rule = PAGES.get(match.view_name, UNLISTED)
        if rule.audience(request.method) is None and rule != UNLISTED:
            return HttpResponseNotAllowed([m for m, a in (("GET", rule.read), ("POST", rule.write)) if a])
        message = refusal(request.user, rule, request.method)
        if message is None:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return error_page(request, 403, message)
