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


def test_a_scope_follows_a_reorganization_made_in_another_process(monkeypatch):
    """Scopes are read from a memo: a save here clears it at once; a change this process did not see (another
    server process, a bulk load) shows within the memo's lifetime, never later."""
    import types

    from giamsat.organizations import selectors
    from giamsat.organizations.models import Succession

    clock = [1000.0]
    monkeypatch.setattr(selectors, "time", types.SimpleNamespace(monotonic=lambda: clock[0]))
    ict = organization_create(name="Sở Thông tin và Truyền thông", code="stttt")
    science = organization_create(name="Sở Khoa học và Công nghệ", code="skhcn")
    assert organization_lineage_ids(science.pk) == {science.pk}
    Succession.objects.bulk_create(  # no signal, as from another process
        [Succession(predecessor=ict, successor=science, effective_date=dt.date(2025, 3, 1))])
    clock[0] += selectors._CLOSURE_TTL - 1
    assert organization_lineage_ids(science.pk) == {science.pk}  # the memo, still young
    clock[0] += 2
    assert organization_lineage_ids(science.pk) == {science.pk, ict.pk}


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
