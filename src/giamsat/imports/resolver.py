"""Agency phrases of a reviewed import turned into organizations (plan imports and e-office imports)."""

from giamsat.core.text import clean_spaces
from giamsat.organizations.matching import AgencyMatcher, Match
from giamsat.organizations.models import Organization, OrganizationGroup
from giamsat.organizations.services import organization_create


class Resolver:
    """Turns agency phrases into organizations, expanding groups, creating new units when asked."""

    def __init__(self, agencies: dict, *, is_demo: bool, on=None):
        self.agencies = agencies
        self.is_demo = is_demo
        self.on = on  # the document's date, as reviewed: a successor proposed for an undated text is checked
        self.orgs = {o.pk: o for o in Organization.objects.all()}
        self.groups = {g.pk: g for g in OrganizationGroup.objects.prefetch_related("members")}
        self.matcher: AgencyMatcher | None = None

    def resolve(self, phrase: str) -> list[tuple[Organization, OrganizationGroup | None]]:
        key = clean_spaces(phrase)
        if key not in self.agencies:
            # A phrase typed during review: suggest as the extractor's phrases were suggested.
            self.matcher = self.matcher or AgencyMatcher()
            found = self.matcher.match(key)
            self.agencies[key] = {"kind": found.kind, "id": found.id} if found else {"kind": None, "id": None}
        choice = self.agencies.get(key) or {}
        if choice.get("method") == "successor" and choice.get("written_id") and self.on:
            # Proposed before the date was known: the agency written answers if the plan predates the change
            # (its open tasks then pass to the successor on commit, marked "chuyển từ …").
            self.matcher = self.matcher or AgencyMatcher()
            written = Match("organization", choice["written_id"], "", "exact", 100)
            choice = {**choice, "id": self.matcher.successor_of(written, on=self.on).id}
        kind, pk = choice.get("kind"), choice.get("id")
        if kind == "organization" and pk in self.orgs:
            return [(self.orgs[pk], None)]
        if kind == "group" and pk in self.groups:
            group = self.groups[pk]
            return [(m, group) for m in group.members.all()]
        if kind == "new":
            org = organization_create(name=choice.get("name") or phrase, level=choice.get("level") or "province",
                                      aliases=[phrase], is_demo=self.is_demo)
            self.orgs[org.pk] = org
            self.agencies[clean_spaces(phrase)] = {"kind": "organization", "id": org.pk, "name": org.name}
            return [(org, None)]
        return []
