"""Writes about organizations."""

import datetime as dt

from django.db import transaction
from django.utils.text import slugify

from giamsat.core.errors import ApplicationError
from giamsat.core.text import clean_spaces, fold
from giamsat.organizations.models import Organization, OrganizationAlias, OrganizationGroup, Succession


def _unique_code(base: str) -> str:
    code = slugify(fold(base))[:56] or "don-vi"
    candidate, n = code, 2
    while Organization.objects.filter(code=candidate).exists():
        candidate, n = f"{code}-{n}", n + 1
    return candidate


@transaction.atomic
def organization_create(*, name: str, short_name: str = "", kind: str = "other", level: str = "province",
                        parent: Organization | None = None, aliases: list[str] | tuple = (), code: str = "",
                        email: str = "", valid_from: dt.date | None = None, is_demo: bool = False) -> Organization:
    name = clean_spaces(name)
    if not name:
        raise ApplicationError("Tên cơ quan, đơn vị không được để trống.")
    org = Organization.objects.create(
        name=name, short_name=clean_spaces(short_name), kind=kind, level=level, parent=parent,
        code=code or _unique_code(short_name or name), email=email, valid_from=valid_from, is_demo=is_demo,
    )
    for alias in {clean_spaces(a) for a in aliases if clean_spaces(a)}:
        organization_alias_add(organization=org, alias=alias)
    return org


def organization_alias_add(*, organization: Organization, alias: str) -> OrganizationAlias:
    key = fold(alias)
    existing = OrganizationAlias.objects.filter(organization=organization, key=key).first()
    return existing or OrganizationAlias.objects.create(organization=organization, alias=clean_spaces(alias))


@transaction.atomic
def organization_succeed(*, predecessors: list[Organization], successor: Organization, effective_date: dt.date,
                         kind: str = Succession.Kind.MERGE, decision: str = "") -> list[Succession]:
    """Record a merge (several → one), a split (call once per successor) or a rename.

    The predecessors stop being valid the day before; their tasks are then answered for by the successor.
    """
    out = []
    for pred in predecessors:
        if pred.pk == successor.pk:
            raise ApplicationError("Đơn vị không thể kế thừa chính nó.")
        out.append(Succession.objects.create(predecessor=pred, successor=successor, kind=kind,
                                             effective_date=effective_date, decision=decision))
        if pred.valid_to is None or pred.valid_to >= effective_date:
            pred.valid_to = effective_date - dt.timedelta(days=1)
            pred.save(update_fields=["valid_to", "updated_at"])
    return out


@transaction.atomic
def organization_group_create(*, name: str, phrases: list[str], members: list[Organization]) -> OrganizationGroup:
    group = OrganizationGroup.objects.create(name=clean_spaces(name), phrases=[clean_spaces(p) for p in phrases])
    group.members.set(members)
    return group
