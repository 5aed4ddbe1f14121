"""Match agency phrases written in documents to organizations or groups.

Order: exact accent-insensitive match on names, short names and aliases; group phrases; the same
after dropping a trailing province name ("Sở Tài chính tỉnh Lai Châu"); then fuzzy token-set
similarity (rapidfuzz) above a threshold. Each suggestion says how it was found so a person can judge.
"""

from dataclasses import dataclass

from django.conf import settings
from rapidfuzz import fuzz, process

from giamsat.core.text import fold
from giamsat.organizations.models import Organization, OrganizationGroup

FUZZY_THRESHOLD = 88


@dataclass
class Match:
    kind: str  # "organization" | "group"
    id: int
    name: str
    method: str  # "exact" | "group" | "fuzzy"
    score: int


class AgencyMatcher:
    """Loads names once, then matches many phrases without further queries."""

    def __init__(self):
        self.exact: dict[str, tuple[str, int, str]] = {}
        for org in Organization.objects.prefetch_related("aliases"):
            if org.valid_to is not None:
                # A dissolved unit still matches its own name (old plans name it); its successor answers.
                pass
            for name in [org.name, org.short_name, *[a.alias for a in org.aliases.all()]]:
                key = fold(name)
                if key:
                    self.exact.setdefault(key, ("organization", org.pk, org.name))
        for group in OrganizationGroup.objects.all():
            for key in group.keys:
                if key:
                    self.exact.setdefault(key, ("group", group.pk, group.name))
        self.choices = list(self.exact)

    def _variants(self, key: str) -> list[str]:
        """The phrase, then without the province's name ("... tỉnh Lai Châu" → "... tỉnh" → "...")."""
        province = fold(settings.GIAMSAT_PROVINCE)
        out = [key]
        for suffix in (f" {province}", f" tinh {province}", " tinh"):
            if key.endswith(suffix) and len(key) > len(suffix):
                out.append(key[: -len(suffix)])
        return out

    def match(self, phrase: str) -> Match | None:
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
