"""The outreach API: the visible activities (filtered as the page), recording one, counts by channel."""

from django.utils import timezone
from ninja import Query, Router

from giamsat.core.errors import ApplicationError
from giamsat.core.filters import query_schema
from giamsat.core.pagination import MAX_LIMIT, MAX_OFFSET
from giamsat.core.responses import json_answer
from giamsat.core.schemas import Error
from giamsat.organizations.models import Organization
from giamsat.outreach import schemas as os_
from giamsat.outreach.filters import OutreachFilterSet
from giamsat.outreach.models import OutreachActivity
from giamsat.outreach.periods import PERIOD_HELP, parse_period
from giamsat.outreach.selectors import channels, outreach_list, outreach_summary
from giamsat.outreach.services import ActivityInput, outreach_create

router = Router()

OutreachQuery = query_schema(OutreachFilterSet, "OutreachQuery", module=__name__)


def outreach_out(a: OutreachActivity) -> dict:
    return {"id": a.pk, "date": a.date, "channel": a.channel.code, "channel_name": a.channel.name, "title": a.title,
            "quantity": a.quantity, "reach": a.reach, "link": a.link, "organization": a.organization_id,
            "organization_name": a.organization.name, "task": a.task_id, "has_evidence": bool(a.evidence)}


@router.get("/outreach", response=os_.OutreachPage, tags=["outreach"], url_name="outreach_list")
def outreach_list_api(request, filters: Query[OutreachQuery], limit: int = Query(100, ge=1, le=MAX_LIMIT),
                      offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """Outreach activities: an agency's own, every agency's for the read-all roles."""
    qs = OutreachFilterSet.narrow(outreach_list(request.user), request.GET).order_by("-date", "-id")
    return json_answer({"items": [outreach_out(a) for a in qs[offset: offset + limit]], "count": qs.count()})


@router.post("/outreach", response={201: os_.OutreachOut, 400: Error, 403: Error, 404: Error}, tags=["outreach"],
             url_name="outreach_create")
def outreach_create_api(request, payload: os_.OutreachIn):
    """An agency records one activity of its own (evidence files: on the page)."""
    data = payload.dict()
    org_id = data.pop("organization")
    organization = Organization.objects.filter(pk=org_id).first() if org_id else None
    if org_id and organization is None:
        raise ApplicationError("Không tìm thấy cơ quan, đơn vị.", code="not_found", status=404)
    activity = outreach_create(user=request.user, data=ActivityInput(**data), organization=organization)
    return json_answer(outreach_out(activity), status=201)


@router.get("/outreach/summary", response={200: os_.OutreachSummaryOut, 422: Error}, tags=["outreach"],
            url_name="outreach_summary")
def outreach_summary_api(request, period: str = Query("", description=PERIOD_HELP, max_length=10),
                         organization: int | None = Query(None, ge=1, le=2**63 - 1)):
    """Counts by channel over the period (default: this year), of what the user sees."""
    found = parse_period(period or str(timezone.localdate().year))
    data = outreach_summary(request.user, found.start, found.end, organization_id=organization)
    codes = {c.pk: c.code for c in channels()}
    rows = [{"channel": codes.get(r.key, ""), "name": r.label, "activities": r.activities, "quantity": r.quantity,
             "reach": r.reach} for r in data["channels"]]
    return json_answer({"period": found.key, "label": found.label, "start": found.start, "end": found.end,
                        "channels": rows})
