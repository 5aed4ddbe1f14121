"""Builds the demo province. Tasks, targets and rules come from the seed files via the importer."""

import datetime as dt
from pathlib import Path

from django.utils import timezone

from giamsat.accounts.access import role_uses_admin_site
from giamsat.accounts.models import User
from giamsat.core.actors import SYSTEM
from giamsat.demo import laichau
from giamsat.demo.activity import build_activity
from giamsat.demo.evaluations import build_evaluations
from giamsat.demo.feedback_outreach import build_feedback_outreach
from giamsat.demo.indicator_values import build_indicator_values
from giamsat.demo.second_resolution import build_second_cascade
from giamsat.documents.models import Document, DocumentRelation
from giamsat.documents.services import document_create, document_relate
from giamsat.imports.services import import_file_auto
from giamsat.organizations.models import Organization
from giamsat.organizations.reorganize import ReorganizationInput, reorganization_record
from giamsat.organizations.services import organization_create, organization_group_create

# What the seed files do not say about themselves: seed 000 (the trade-union dispatch) cites seed 001
# as Plan 2653/KH-UBND of 06/06/2025, and seed 001 cites seed 002 as Program 63-CTr/TU of 27/02/2025.
SEED_OVERRIDES = {
    "001_e52419797d7d93ee.txt": {"number": "2653/KH-UBND", "date": "2025-06-06", "issuer": "UBND tỉnh",
                                 "type": "Kế hoạch", "is_published": True},
    "002_150f1546667a957e.txt": {"number": "63-CTr/TU", "date": "2025-02-27", "issuer": "Ban Thường vụ Tỉnh ủy",
                                 "type": "Chương trình hành động", "is_published": True},
    "003_c389389e1134b9db.txt": {"issuer": "Văn phòng UBND tỉnh"},
    "000_760c6858ad5ad232.txt": {"issuer": "Ban Thường vụ LĐLĐ tỉnh"},
    "004_213b37d3e4ffaf43.txt": {},
}
# Imported in citation order, so that each document finds the ones it is based on.
SEED_ORDER = ["002_150f1546667a957e.txt", "001_e52419797d7d93ee.txt", "003_c389389e1134b9db.txt",
              "000_760c6858ad5ad232.txt", "004_213b37d3e4ffaf43.txt"]


def build_organizations() -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for code, name, short, kind, level, aliases, parent in laichau.ORGANIZATIONS:
        orgs[code] = organization_create(name=name, short_name=short, kind=kind, level=level,
                                         parent=orgs.get(parent), aliases=aliases, code=code, is_demo=True)
    for code, name, aliases in laichau.DISTRICTS:
        orgs[code] = organization_create(name=name, short_name=name.replace("UBND ", ""), kind="peoples_committee",
                                         level="district", aliases=aliases, code=code, is_demo=True)
    for code, name, _ in laichau.COMMUNES + laichau.DISTRICT_HEIRS:
        orgs[code] = organization_create(name=name, kind="peoples_committee", level="commune", code=code,
                                         valid_from=laichau.REORG_DAY, is_demo=True)
    build_reorganizations(orgs)
    for org in orgs.values():
        org.refresh_from_db(fields=["valid_to"])  # the service wrote the end dates on its own copies
    for name, selector, phrases in laichau.GROUPS:
        if "kinds" in selector:
            members = [o for o in orgs.values() if o.kind in selector["kinds"] and o.valid_to is None]
        else:
            members = [orgs[c] for c in selector["codes"]]
        organization_group_create(name=name, phrases=phrases, members=members)
    return orgs


def _decide(kind: str, preds, succs, day: dt.date, document: tuple, **extra) -> None:
    number, date, issuer = document
    reorganization_record(user=SYSTEM, data=ReorganizationInput(
        kind=kind, predecessor_ids=[o.pk for o in preds], successor_ids=[o.pk for o in succs], effective_date=day,
        document_number=number, document_date=date, document_issuer=issuer, **extra))


def build_reorganizations(orgs: dict[str, Organization]) -> None:
    """Lai Châu's 2025 changes through the reorganization service (organizations.reorganize): departments
    merged on 01/03/2025, the city split into two wards and the districts dissolved on 01/07/2025. Their open
    tasks move to the successors when the plans that name them are imported (imports.services)."""
    for pred, succ, day, _ in laichau.MERGES:
        _decide("merge", [orgs[pred]], [orgs[succ]], day, laichau.DEPARTMENTS_DECREE)
    wards = [orgs[code] for code, _, pred in laichau.COMMUNES if pred == "ubnd-tp"]
    _decide("split", [orgs["ubnd-tp"]], wards, laichau.REORG_DAY, laichau.LOCAL_GOVERNMENT_LAW, rule="area")
    for code, _, district in laichau.DISTRICT_HEIRS:
        _decide("dissolve", [orgs[district]], [orgs[code]], laichau.REORG_DAY, laichau.LOCAL_GOVERNMENT_LAW)


def build_users(orgs: dict[str, Organization], password: str) -> None:
    for username, full_name, role, org_code in laichau.USERS:
        user = User(username=username, first_name=full_name, role=role, organization=orgs.get(org_code),
                    is_staff=role_uses_admin_site(role), is_superuser=role_uses_admin_site(role), is_demo=True)
        user.set_password(password)
        user.save()


def build_root_documents(orgs: dict[str, Organization]) -> None:
    """The two central documents every seed cites: the root of the cascade (no text is shipped for them)."""
    nq57 = document_create(actor=SYSTEM, doc_type="Nghị quyết", number="57-NQ/TW", date=dt.date(2024, 12, 22),
                           issuer=orgs["bct"], title="Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo "
                           "và chuyển đổi số quốc gia", is_published=True, is_demo=True)
    nq71 = document_create(actor=SYSTEM, doc_type="Nghị quyết", number="71/NQ-CP", date=dt.date(2025, 4, 1),
                           issuer=orgs["chinh-phu"], title="Chương trình hành động của Chính phủ thực hiện Nghị quyết "
                           "số 57-NQ/TW", is_published=True, is_demo=True)
    document_relate(source=nq71, target=nq57, kind=DocumentRelation.Kind.BASED_ON)


def build_demo(*, samples: Path, password: str) -> list[str]:
    orgs = build_organizations()
    build_users(orgs, password)
    build_root_documents(orgs)
    for name in SEED_ORDER:
        import_file_auto(path=samples / name, user=SYSTEM, overrides=SEED_OVERRIDES.get(name), is_demo=True)
    cascade = build_second_cascade(orgs)  # a second root resolution beside 57 (illustrative)
    today = timezone.localdate()
    extra = [cascade, *build_indicator_values(today)]
    extra += build_activity(today, password=password)
    extra += build_feedback_outreach(today)
    extra += build_evaluations(today)  # last: it reads what the others made
    # The reports' history is written in bulk (no signals): index their texts for search (ADR 0039).
    from giamsat.search.index import rebuild as rebuild_search_index
    from giamsat.search.models import SearchEntry

    rebuild_search_index([SearchEntry.Kind.REPORT])
    return [
        f"{Organization.objects.count()} cơ quan, đơn vị",
        f"{Document.objects.count()} văn bản, {DocumentRelation.objects.count()} quan hệ căn cứ",
        f"{sum(d.tasks.count() for d in Document.objects.all())} nhiệm vụ",
        f"{User.objects.count()} tài khoản",
        *extra,
    ]
