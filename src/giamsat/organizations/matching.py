"""Match agency phrases written in documents to organizations or groups.

Order: exact accent-insensitive match on names, short names and aliases; group phrases; the same
after dropping a trailing province name ("Sở Tài chính tỉnh Lai Châu"); then fuzzy token-set
similarity (rapidfuzz) above a threshold. Each suggestion says how it was found so a person can judge.
An agency reorganized by the document's date is read as its successor (Resolution 190/2025/QH15 reads an
agency's name in an earlier document as the agency that took over its function), with a note.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from rapidfuzz import fuzz, process

from giamsat.core.text import fold
from giamsat.organizations.models import Organization, OrganizationGroup, Succession
from giamsat.organizations.selectors import organization_current

FUZZY_THRESHOLD = 88


@dataclass
class Match:
    kind: str  # "organization" | "group"
    id: int
    name: str
    method: str  # "exact" | "group" | "fuzzy" | "successor"
    score: int
    note: str = ""  # why a successor answers for the name written (Resolution 190/2025/QH15), for the review
    written_id: int | None = None  # the agency the document names, when its successor answers


class AgencyMatcher:
    """Loads names once, then matches many phrases without further queries."""

    def __init__(self):
        self.exact: dict[str, tuple[str, int, str]] = {}
        for org in Organization.objects.prefetch_related("aliases"):
            # A dissolved unit still matches its own name (old plans name it); `successor_of` answers for it.
            for name in [org.name, org.short_name, *[a.alias for a in org.aliases.all()]]:
                key = fold(name)
                if key:
                    self.exact.setdefault(key, ("organization", org.pk, org.name))
        for group in OrganizationGroup.objects.all():
            for key in group.keys:
                if key:
                    self.exact.setdefault(key, ("group", group.pk, group.name))
        self.choices = list(self.exact)
        self.organizations = {o.pk: o for o in Organization.objects.filter(
            Q(valid_to__isnull=False) | Q(successions_out__isnull=False)).distinct()}
        self.succeeded: dict[int, list[Succession]] = {}
        for succession in Succession.objects.all():
            self.succeeded.setdefault(succession.predecessor_id, []).append(succession)

    def _variants(self, key: str) -> list[str]:
        """The phrase, then without the province's name ("... tỉnh Lai Châu" → "... tỉnh" → "...")."""
        province = fold(settings.GIAMSAT_PROVINCE)
        out = [key]
        for suffix in (f" {province}", f" tinh {province}", " tinh"):
            if key.endswith(suffix) and len(key) > len(suffix):
                out.append(key[: -len(suffix)])
        return out

    def match(self, phrase: str, *, on: dt.date | None = None) -> Match | None:
        """The organization or group a phrase names; with `on` (the document's date), an agency reorganized
        by then is read as its successor (Resolution 190/2025/QH15), with a note saying so."""
        found = self._match(phrase)
        return self.successor_of(found, on=on) if found is not None and found.kind == "organization" else found

    def successor_of(self, found: Match, *, on: dt.date | None) -> Match:
        org = self.organizations.get(found.id)
        if org is None or (org.valid_to is None and not self.succeeded.get(org.pk)):
            return found
        day = on or dt.date.max
        current = organization_current(org, on=day)
        if len(current) == 1 and current[0].pk != org.pk:
            succ = current[0]
            since = min(s.effective_date for s in self.succeeded.get(org.pk, []))
            note = (f"«{org.name}» đã được sắp xếp, từ {since:%d/%m/%Y} do {succ.name} đảm nhận"
                    + (" (văn bản ban hành sau ngày đó)." if on else "; kiểm tra lại ngày của văn bản."))
            return Match("organization", succ.pk, succ.name, "successor", found.score, note, org.pk)
        if len(current) > 1:
            names = "; ".join(o.name for o in current)
            found.note = f"«{org.name}» đã được chia tách cho: {names}. Nhiệm vụ được phân theo quyết định sắp xếp."
        elif self.succeeded.get(org.pk):
            later = organization_current(org)
            names = "; ".join(o.name for o in later if o.pk != org.pk)
            if names:
                found.note = f"«{org.name}» được sắp xếp sau ngày văn bản: việc còn mở sẽ chuyển cho {names}."
        elif org.valid_to is not None and (on is None or org.valid_to < on):
            found.note = f"«{org.name}» đã giải thể từ {org.valid_to:%d/%m/%Y}, không có đơn vị kế thừa."
        return found

    def _match(self, phrase: str) -> Match | None:
        key = fold(phrase)
        if not key:
            return None
        for candidate in self._variants(key):
            hit = self.exact.get(candidate)
            if hit:
                kind, pk, name = hit
                return Match(kind, pk, name, "exact" if kind == "organization" else "group", 100)
        if not self.choices:
            return None
        best = process.extractOne(key, self.choices, scorer=fuzz.token_set_ratio)
        if best and best[1] >= FUZZY_THRESHOLD and abs(len(best[0]) - len(key)) <= max(8, len(key) // 2):
            kind, pk, name = self.exact[best[0]]
            return Match(kind, pk, name, "fuzzy", int(best[1]))
        return None
