"""Organizations of the synthetic country and their users.

Central level: the Politburo, the Government and a few ministries. Each province: its Party committee,
People's Committee and office, departments and boards, mass organizations and press (vocab.PROVINCE_ORGS),
communes in force from 1 July 2025, and abolished districts whose work passed to those communes
(Succession), the two collective groups plans name ("Các sở, ban, ngành", "UBND cấp xã"), and aliases.

Users: a focal point and a head for every organization in force, the monitoring office and a leader per
province, and a national administrator, leader and inspector. All share one password hash computed once
(or an unusable one): hashing a password per user would cost minutes of Argon2 at national scale.
"""

import datetime as dt
from dataclasses import dataclass, field

from giamsat.accounts.models import User
from giamsat.core.text import fold
from giamsat.organizations.models import Organization, OrganizationAlias, OrganizationGroup, Succession
from giamsat.synth import vocab
from giamsat.synth.clock import REORGANIZATION

CODE_PREFIX = "syn-"  # every synthetic organization code starts with it (and every user name with "syn.")
USER_PREFIX = "syn."
UNUSABLE_PASSWORD = "!synthetic"  # a leading "!" is Django's mark of an unusable password

ORG_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "name",
    "short_name",
    "code",
    "kind",
    "level",
    "parent_id",
    "valid_from",
    "valid_to",
    "is_demo",
)
ALIAS_COLUMNS = ("id", "organization_id", "alias", "key")
SUCCESSION_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "predecessor_id",
    "successor_id",
    "kind",
    "effective_date",
    "decision",
    "note",
)
GROUP_COLUMNS = ("id", "created_at", "updated_at", "name", "phrases")
GROUP_MEMBER_COLUMNS = ("id", "organizationgroup_id", "organization_id")
USER_COLUMNS = (
    "id",
    "password",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "role",
    "organization_id",
    "phone",
    "must_change_password",
    "is_demo",
)
GroupMember = OrganizationGroup.members.through

TABLES = [
    (Organization, ORG_COLUMNS),
    (OrganizationAlias, ALIAS_COLUMNS),
    (Succession, SUCCESSION_COLUMNS),
    (OrganizationGroup, GROUP_COLUMNS),
    (GroupMember, GROUP_MEMBER_COLUMNS),
    (User, USER_COLUMNS),
]


@dataclass(eq=False)  # compared and hashed by identity: one object per organization
class Org:
    id: int
    slug: str
    name: str
    short_name: str
    kind: str
    role: str  # party | ubnd | office | council | issuer | commune | district | ministry | central
    focal_id: int | None = None
    head_id: int | None = None


@dataclass
class Province:
    index: int
    name: str
    slug: str
    unit: str  # "tỉnh Lai Châu", "thành phố Huế"
    orgs: dict[str, Org] = field(default_factory=dict)  # province level, by slug
    communes: list[Org] = field(default_factory=list)
    districts: list[Org] = field(default_factory=list)
    office_user_id: int = 0
    leader_user_id: int = 0
    departments_group_id: int = 0
    communes_group_id: int = 0

    def with_role(self, *roles: str) -> list[Org]:
        return [o for o in self.orgs.values() if o.role in roles]

    @property
    def issuers(self) -> list[Org]:
        """Province-level organizations that issue their own implementation plan and report monthly."""
        return self.with_role("issuer")

    @property
    def main_department(self) -> Org:
        return self.orgs.get("skhcn") or self.issuers[0]


@dataclass
class Central:
    politburo: Org
    government: Org
    ministries: list[Org]
    admin_id: int
    leader_id: int
    inspector_id: int


class People:
    """Users, all with the same (deterministic or pre-computed) password hash."""

    def __init__(self, ctx, password_hash: str):
        self.ctx = ctx
        self.password_hash = password_hash

    def add(self, username: str, role: str, org: Org | None, *, staff: bool = False) -> int:
        ctx = self.ctx
        pk = ctx.loader.new_id(User)
        family, given = ctx.rng.choice(vocab.FAMILY_NAMES), ctx.rng.choice(vocab.GIVEN_NAMES)
        ctx.loader.add(
            User,
            (
                pk,
                self.password_hash,
                staff,
                username,
                given,
                family,
                f"{username}@synth.invalid",
                staff,
                True,
                ctx.created,
                role,
                org.id if org else None,
                "",
                False,
                True,
            ),
        )
        return pk

    def staff_org(self, org: Org, prefix: str) -> None:
        org.focal_id = self.add(f"{prefix}.{org.slug}", "focal", org)
        org.head_id = self.add(f"{prefix}.{org.slug}.ld", "head", org)


def _org(
    ctx,
    *,
    slug: str,
    code: str,
    name: str,
    short: str,
    kind: str,
    level: str,
    role: str,
    parent: Org | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Org:
    pk = ctx.loader.new_id(Organization)
    ctx.loader.add(
        Organization,
        (
            pk,
            ctx.created,
            ctx.created,
            name,
            short,
            code,
            kind,
            level,
            parent.id if parent else None,
            valid_from,
            valid_to,
            True,
        ),
    )
    return Org(pk, slug, name, short, kind, role)


def build_central(ctx, people: People) -> Central:
    politburo = _org(
        ctx,
        slug="bct",
        code=f"{CODE_PREFIX}tw-bct",
        name="Bộ Chính trị",
        short="BCT",
        kind="party",
        level="central",
        role="central",
    )
    government = _org(
        ctx,
        slug="cp",
        code=f"{CODE_PREFIX}tw-cp",
        name="Chính phủ",
        short="CP",
        kind="ministry",
        level="central",
        role="central",
    )
    ministries = []
    for slug, name, short in vocab.MINISTRIES[: ctx.scale.ministries]:
        org = _org(
            ctx,
            slug=slug,
            code=f"{CODE_PREFIX}tw-{slug}",
            name=name,
            short=short,
            kind="ministry",
            level="central",
            role="ministry",
            parent=government,
        )
        org.focal_id = people.add(f"{USER_PREFIX}tw.{slug}", "focal", org)
        ministries.append(org)
    return Central(
        politburo,
        government,
        ministries,
        admin_id=people.add(f"{USER_PREFIX}quantri", "admin", None, staff=True),
        leader_id=people.add(f"{USER_PREFIX}lanhdao", "leader", None),
        inspector_id=people.add(f"{USER_PREFIX}kiemtra", "inspector", None),
    )


def build_province(ctx, people: People, index: int) -> Province:
    name = vocab.PROVINCES[index]
    is_city = name in vocab.CITIES
    unit = f"{'thành phố' if is_city else 'tỉnh'} {name}"
    slug = fold(name).replace(" ", "-")
    prov = Province(index=index, name=name, slug=slug, unit=unit)
    words = {
        "name": name,
        "unit": unit,
        "short_unit": unit.replace("thành phố", "TP"),
        "party": "Thành ủy" if is_city else "Tỉnh ủy",
    }
    user_prefix = f"{USER_PREFIX}{slug}"

    for org_slug, name_t, short_t, kind, role in vocab.PROVINCE_ORGS[: ctx.scale.province_orgs]:
        if org_slug in {"tinh-uy", "ubnd", "hdnd"}:
            parent_slug = None
        else:  # Party bodies under the Party committee, the rest under the People's Committee
            parent_slug = "tinh-uy" if kind == "party" else "ubnd"
        org = _org(
            ctx,
            slug=org_slug,
            code=f"{CODE_PREFIX}{slug}-{org_slug}",
            name=name_t.format(**words),
            short=short_t.format(**words),
            kind=kind,
            level="province",
            role=role,
            parent=prov.orgs.get(parent_slug) if parent_slug else None,
        )
        prov.orgs[org_slug] = org
        people.staff_org(org, user_prefix)
        if org.kind == "department":
            alias = f"{org.short_name} {words['short_unit']}"
            ctx.loader.add(
                OrganizationAlias, (ctx.loader.new_id(OrganizationAlias), org.id, alias, fold(alias))
            )
    ubnd = prov.orgs["ubnd"]
    prov.office_user_id = people.add(f"{user_prefix}.vanphong", "office", prov.orgs["vp-ubnd"])
    prov.leader_user_id = people.add(f"{user_prefix}.lanhdao", "leader", ubnd)

    pairs = ctx.rng.sample(range(len(vocab.COMMUNE_FIRST) * len(vocab.COMMUNE_SECOND)), ctx.scale.communes)
    for n, pair in enumerate(pairs):
        first, second = divmod(pair, len(vocab.COMMUNE_SECOND))
        kind_word = "phường" if n < ctx.scale.communes // 5 else "xã"
        place = f"{vocab.COMMUNE_FIRST[first]} {vocab.COMMUNE_SECOND[second]}"
        org = _org(
            ctx,
            slug=f"x{n + 1:03d}",
            code=f"{CODE_PREFIX}{slug}-x{n + 1:03d}",
            name=f"Ủy ban nhân dân {kind_word} {place}",
            short=f"UBND {kind_word} {place}",
            kind="peoples_committee",
            level="commune",
            role="commune",
            parent=ubnd,
            valid_from=REORGANIZATION,
        )
        people.staff_org(org, user_prefix)
        prov.communes.append(org)

    for n in range(ctx.scale.districts):
        district_name = vocab.DISTRICT_NAMES[n % len(vocab.DISTRICT_NAMES)]
        prov.districts.append(
            _org(
                ctx,
                slug=f"h{n + 1:02d}",
                code=f"{CODE_PREFIX}{slug}-h{n + 1:02d}",
                name=f"Ủy ban nhân dân huyện {district_name}",
                short=f"UBND huyện {district_name}",
                kind="peoples_committee",
                level="district",
                role="district",
                parent=ubnd,
                valid_to=REORGANIZATION - dt.timedelta(days=1),
            )
        )
    # Each abolished district passed its work to the communes now covering its area.
    for n, commune in enumerate(prov.communes):
        if prov.districts:
            district = prov.districts[n * len(prov.districts) // len(prov.communes)]
            ctx.loader.add(
                Succession,
                (
                    ctx.loader.new_id(Succession),
                    ctx.created,
                    ctx.created,
                    district.id,
                    commune.id,
                    "transfer",
                    REORGANIZATION,
                    "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính năm 2025",
                    "Dữ liệu tổng hợp (synthetic)",
                ),
            )

    prov.departments_group_id = _group(
        ctx,
        f"Các sở, ban, ngành {unit}",
        ["Các sở, ban, ngành", f"Các sở, ban, ngành, đoàn thể {unit}"],
        prov.issuers,
    )
    prov.communes_group_id = _group(
        ctx, f"UBND cấp xã {unit}", ["UBND cấp xã", "UBND các xã, phường"], prov.communes
    )
    return prov


def _group(ctx, name: str, phrases: list[str], members: list[Org]) -> int:
    pk = ctx.loader.new_id(OrganizationGroup)
    ctx.loader.add(OrganizationGroup, (pk, ctx.created, ctx.created, name, phrases))
    for org in members:
        ctx.loader.add(GroupMember, (ctx.loader.new_id(GroupMember), pk, org.id))
    return pk


def province_codes_exist() -> bool:
    return Organization.objects.filter(code__startswith=CODE_PREFIX).exists()
