import datetime as dt

import pytest

from giamsat.organizations.matching import AgencyMatcher
from giamsat.organizations.selectors import organization_current, organization_lineage_ids
from giamsat.organizations.services import organization_create, organization_group_create, organization_succeed

pytestmark = pytest.mark.django_db


def test_merge_and_split_follow_successors():
    ict = organization_create(name="Sở Thông tin và Truyền thông", code="stttt")
    science = organization_create(name="Sở Khoa học và Công nghệ", code="skhcn")
    organization_succeed(predecessors=[ict], successor=science, effective_date=dt.date(2025, 3, 1))
    ict.refresh_from_db()
    assert ict.valid_to == dt.date(2025, 2, 28)
    assert organization_current(ict, on=dt.date(2025, 2, 1)) == [ict]
    assert organization_current(ict, on=dt.date(2025, 6, 1)) == [science]
    city = organization_create(name="UBND thành phố Lai Châu", code="tp", level="district")
    wards = [organization_create(name=n, level="commune") for n in ("UBND phường Tân Phong", "UBND phường Đoàn Kết")]
    for ward in wards:
        organization_succeed(predecessors=[city], successor=ward, effective_date=dt.date(2025, 7, 1), kind="split")
    assert set(organization_current(city, on=dt.date(2025, 8, 1))) == set(wards)
    assert organization_lineage_ids(science.pk) == {science.pk, ict.pk}


@pytest.mark.parametrize("keep_seconds", [60, 0])
def test_a_scope_follows_a_reorganization_made_in_another_process(settings, keep_seconds):
    """Scopes are read from a memo checked once per request (ADR 0032) against the scope stamp in the shared
    cache (ADR 0055), or the scope version when nothing is kept: a change another process made (its write
    renews both) is seen on this process's next request, never later."""
    from giamsat.core.frame import renew_stamp
    from giamsat.organizations import selectors
    from giamsat.organizations.models import ScopeVersion, Succession

    settings.GIAMSAT_FRAME_CACHE_SECONDS = keep_seconds

    def next_request():  # what the request_started signal calls (without closing the test's connection)
        selectors._request_started()

    ict = organization_create(name="Sở Thông tin và Truyền thông", code="stttt")
    science = organization_create(name="Sở Khoa học và Công nghệ", code="skhcn")
    next_request()
    assert organization_lineage_ids(science.pk) == {science.pk}
    Succession._base_manager.bulk_create(  # no signal, no renewal here: as from another process
        [Succession(predecessor=ict, successor=science, effective_date=dt.date(2025, 3, 1))])
    # What that process's `scope_version_bump` leaves: the version in the database, the stamp in the cache.
    ScopeVersion.objects.update_or_create(pk=1, defaults={"number": 41})
    if keep_seconds:
        renew_stamp(selectors.SCOPE_STAMP_KEY)
    assert organization_lineage_ids(science.pk) == {science.pk}  # the same request: its memo
    next_request()
    assert organization_lineage_ids(science.pk) == {science.pk, ict.pk}  # the next request


def test_matcher_aliases_accents_groups_and_fuzzy():
    culture = organization_create(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL",
                                  kind="department", aliases=["Sở VH,TT&DL"])
    science = organization_create(name="Sở Khoa học và Công nghệ", short_name="Sở KH&CN", kind="department")
    group = organization_group_create(name="Các sở, ban, ngành", phrases=["Các sở, ban, ngành, đơn vị liên quan"],
                                      members=[culture, science])
    m = AgencyMatcher()
    assert m.match("Sở Văn hoá, Thể thao và Du lịch").id == culture.pk  # old tone placement
    assert m.match("SỞ KH&CN").id == science.pk
    assert m.match("Sở Khoa học và Công nghệ tỉnh Lai Châu").id == science.pk
    assert (m.match("các sở, ban, ngành, đơn vị liên quan").kind, m.match("Các sở, ban, ngành").id) == (
        "group",
        group.pk,
    )
    fuzzy = m.match("Sở Văn hóa, Thể thao va Du lịch")  # typo as in seed 001
    assert fuzzy.id == culture.pk
    assert m.match("Hội Nhà báo tỉnh") is None
