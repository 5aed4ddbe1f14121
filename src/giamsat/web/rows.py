"""Table rows of the long lists written in Python (issue #25, ADR 0046): Django's template engine costs about
1 ms a row for a row of a dozen variables, links and filters; these rows are the same markup, built from
values read in one query per table (no model instance per related row), each address built once.

Every value is escaped (`escape`, `format_html`); the result is marked safe once, as a whole.
"""

from collections import defaultdict

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from giamsat.core.links import address_of
from giamsat.organizations.models import Organization, OrganizationAlias, Succession


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def organization_rows(orgs: list[Organization]) -> SafeString:
    """The rows of the organizations list (/co-quan/): name, other names, kind, level, codes, validity and
    successions. Two queries whatever the number of organizations (their other names and successions)."""
    ids = [o.pk for o in orgs]
    aliases, came_from, went_to = defaultdict(list), defaultdict(list), defaultdict(list)
    if ids:
        for org, alias in (OrganizationAlias.objects.filter(organization_id__in=ids).order_by("id")
                           .values_list("organization_id", "alias")):
            aliases[org].append(alias)
        successions = Succession.objects.filter(Q(successor_id__in=ids) | Q(predecessor_id__in=ids)).order_by("id")
        for before, before_name, after, after_name, day in successions.values_list(
                "predecessor_id", "predecessor__name", "successor_id", "successor__name", "effective_date"):
            came_from[after].append((before_name, day))
            went_to[before].append((after_name, day))
    address = address_of("web:organization")
    kinds, levels = dict(Organization.Kind.choices), dict(Organization.Level.choices)
    out = []
    for o in orgs:
        other = "".join(f"; {escape(a)}" for a in aliases[o.pk] if a != o.short_name)
        codes = "; ".join(escape(c) for c in (o.identifier_code, o.admin_unit_code) if c)
        valid = f"đến {_date(o.valid_to)}" if o.valid_to else "đang hoạt động"
        lineage = "".join(f'<br><span class="small">kế thừa {escape(n)} từ {_date(d)}</span>'
                          for n, d in came_from[o.pk])
        lineage += "".join(f'<br><span class="small">→ {escape(n)} từ {_date(d)}</span>' for n, d in went_to[o.pk])
        out.append(
            f'<tr><td><a href="{address(o.pk)}">{escape(o.name)}</a></td><td>{escape(o.short_name)}{other}</td>\n'
            f"<td>{escape(kinds.get(o.kind, o.kind))}</td><td>{escape(levels.get(o.level, o.level))}</td>"
            f"<td>{codes}</td>\n<td>{valid}{lineage}</td></tr>\n"
        )
    return mark_safe("".join(out))  # every value above is escaped


def document_rows(docs, counts: dict[int, int]) -> SafeString:
    """The rows of the documents list (/van-ban/): number, date, type, title, issuer, number of tasks."""
    address = address_of("web:document")
    out = []
    for d in docs:
        link = f'<a href="{address(d.pk)}">'
        issuer = d.issuer.name if d.issuer_id and d.issuer and d.issuer.name else d.issuer_name
        out.append(
            f"<tr><td>{link}{escape(d.number or '(chưa ghi số)')}</a></td><td>{_date(d.date)}</td>"
            f"<td>{escape(d.doc_type)}</td>\n<td>{link}{escape(_truncate(d.title, 160))}</a></td>"
            f"<td>{escape(issuer)}</td><td>{counts.get(d.pk, 0)}</td></tr>\n"
        )
    return mark_safe("".join(out))  # every value above is escaped


def _truncate(text: str, length: int) -> str:
    """As the template filter `truncatechars`."""
    return Truncator(text or "").chars(length)
