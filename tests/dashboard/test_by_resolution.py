"""The dashboard by root resolution (#23, ADR 0040/0049): a «Nghị quyết gốc» drop-down (no JavaScript: a
GET form) narrows every figure of /bang-dieu-khien/ to one cascade, through giamsat.metrics — the figures are
those of GET /api/v1/metrics?resolution=… for the same scope — and each resolution has its own snapshot."""

import pytest

from giamsat.metrics.definitions import format_value
from tests.dashboard_page import opened

pytestmark = pytest.mark.django_db


def _metrics(client, headers, **params) -> dict:
    answer = client.get("/api/v1/metrics", params, **headers)
    assert answer.status_code == 200, answer.content
    return {k: v["value"] for k, v in answer.json()["figures"].items()}


def _assert_shows(page: str, values: dict, total_label: str) -> None:
    assert f'<div class="n">{values["tasks_total"]}</div><div class="l">{total_label}</div>' in page
    assert f"({values['tasks_due_done']}/{values['tasks_due']})" in page
    assert f"{format_value('overdue_share', values['overdue_share'])}</div>" in page
    assert f'<div class="n">{values["tasks_soon_due"]}</div><div class="l">Sắp đến hạn' in page


def test_the_province_dashboard_by_resolution_matches_the_metrics_api(client, province, two_cascades, bearer):
    office = province["users"]["office"]
    headers = bearer(office)
    whole, of71 = _metrics(client, headers), _metrics(client, headers, resolution="71")
    assert of71["tasks_total"] == 1 and whole["tasks_total"] == 4  # they differ: the test can fail
    client.force_login(office)
    page = client.get("/bang-dieu-khien/").content.decode()
    _assert_shows(page, whole, "Tổng số nhiệm vụ")
    assert '<option value="">Tất cả</option>' in page and '<option value="71">' in page
    assert '<option value="57">' in page
    page71 = client.get("/bang-dieu-khien/?resolution=71").content.decode()
    _assert_shows(page71, of71, "Tổng số nhiệm vụ")
    assert '<option value="71" selected>' in page71
    assert "?status=overdue&amp;resolution=71" in page71  # the lists behind the figures are narrowed alike
    # one snapshot per resolution: neither is shown for the other, in either order
    _assert_shows(client.get("/bang-dieu-khien/").content.decode(), whole, "Tổng số nhiệm vụ")
    _assert_shows(client.get("/bang-dieu-khien/?resolution=71").content.decode(), of71, "Tổng số nhiệm vụ")
    of57 = _metrics(client, headers, resolution="57")
    assert of57["tasks_total"] == 3
    _assert_shows(client.get("/bang-dieu-khien/?resolution=57&thang=12").content.decode(), of57, "Tổng số nhiệm vụ")
    assert _metrics(client, headers) == whole and _metrics(client, headers, resolution="71") == of71
    for resolution, values in (("", whole), ("71", of71)):  # the dashboard's API: the same figures
        summary = client.get("/api/v1/dashboard/summary", {"resolution": resolution}, **headers).json()
        assert summary["figures"] == {k: values[k] for k in summary["figures"]}, resolution
    bad = client.get("/bang-dieu-khien/?resolution=%3Cx%3E")
    assert bad.status_code == 400 and "Nghị quyết không hợp lệ" in bad.content.decode()


def test_an_agency_dashboard_by_resolution_matches_its_scope(client, province, two_cascades, bearer):
    science = province["users"]["focal_science"]
    headers = bearer(science)
    own, own71 = _metrics(client, headers), _metrics(client, headers, resolution="71")
    assert own71["tasks_total"] == 1 and own["tasks_total"] > own71["tasks_total"]
    client.force_login(science)
    _assert_shows(client.get("/bang-dieu-khien/").content.decode(), own, "Nhiệm vụ chủ trì")
    _assert_shows(client.get("/bang-dieu-khien/?resolution=71").content.decode(), own71, "Nhiệm vụ chủ trì")


def test_the_home_page_by_resolution(client, province, two_cascades, bearer):
    office = province["users"]["office"]
    headers = bearer(office)
    whole, of71 = _metrics(client, headers), _metrics(client, headers, resolution="71")
    client.force_login(office)
    page = client.get("/").content.decode()
    assert f'<div class="n">{whole["tasks_total"]}</div><div class="l">Tổng số nhiệm vụ</div>' in page
    assert '<option value="71">' in page
    page71 = client.get("/?resolution=71").content.decode()
    assert f'<div class="n">{of71["tasks_total"]}</div><div class="l">Tổng số nhiệm vụ</div>' in page71
    assert f'<div class="n">{of71["tasks_soon_due"]}</div><div class="l">Sắp đến hạn' in page71
    assert '<option value="71" selected>' in page71
    assert f'<div class="n">{whole["tasks_total"]}</div>' in client.get("/").content.decode()  # its own snapshot


def test_the_public_page_by_resolution(client, province, two_cascades):
    from giamsat.dashboard.snapshots import forget_all
    from giamsat.documents.models import Document

    Document.objects.update(is_published=True)
    page = client.get("/cong-khai/").content.decode()
    assert '<option value="71">' in page and '<option value="57">' in page
    page71 = client.get("/cong-khai/?resolution=71").content.decode()
    assert "99/KH-UBND" in page71 and province["doc"].number not in page71
    assert '<option value="71" selected>' in page71
    # only the resolutions of what is published are offered to the public
    Document.objects.filter(pk__in=[two_cascades["plan71"].pk, two_cascades["nq71"].pk]).update(is_published=False)
    forget_all()  # a raw update leaves no audit entry to renew the kept page (ADR 0048), as bulk loads do
    assert '<select name="resolution">' not in client.get("/cong-khai/").content.decode()


def test_an_organization_page_by_resolution_matches_its_scope(client, province, two_cascades, bearer):
    """The organization page (an agency's own dashboard) shows the figures of scope organization:<id>."""
    import html
    import re

    from giamsat.metrics.definitions import BY_KEY

    science = province["orgs"]["science"]
    headers = bearer(province["users"]["office"])
    client.force_login(province["users"]["office"])
    row = re.compile(r'<tr><td>([^<]+)</td><td class="num">([^<]+)</td></tr>')
    by_label = {f.label: key for key, f in BY_KEY.items()}
    shown = {}
    for resolution in ("", "71"):
        values = _metrics(client, headers, scope=f"organization:{science.pk}", resolution=resolution)
        page = client.get(f"/co-quan/{science.pk}/", {"resolution": resolution} if resolution else {}).content
        table = {by_label[html.unescape(label)]: html.unescape(value) for label, value in row.findall(page.decode())}
        assert len(table) >= 10
        for key, text in table.items():
            assert text == format_value(key, values[key]), (resolution, key)
        shown[resolution] = table
    assert shown[""]["tasks_total"] != shown["71"]["tasks_total"]


def test_the_dashboard_tables_download_by_resolution(client, province, two_cascades, bearer):
    """The dashboard's XLSX/CSV tables follow the page's root resolution: its links carry it, and the rows are
    the cascade's (the status table's total is the metrics API's task total for that resolution)."""
    import csv
    import io
    import re

    office = province["users"]["office"]
    of71 = _metrics(client, bearer(office), resolution="71")
    client.force_login(office)
    page71 = client.get("/bang-dieu-khien/?resolution=71").content.decode()
    assert re.search(r'href="/bang-dieu-khien/xuat/tinh-trang\.csv\?(thang=\d+&amp;)?resolution=71"', page71)
    whole = client.get("/bang-dieu-khien/").content.decode()
    assert not re.search(r'href="/bang-dieu-khien/xuat/[^"]*resolution', whole)

    def total(query: str) -> int:
        answer = client.get(f"/bang-dieu-khien/xuat/tinh-trang.csv{query}")
        assert answer.status_code == 200
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))[1:]
        return sum(int(row[1]) for row in rows)

    assert total("?resolution=71") == of71["tasks_total"] == 1
    assert total("") == 4
    assert client.get("/bang-dieu-khien/xuat/tinh-trang.csv?resolution=%3Cx%3E").status_code == 400


def test_the_early_warnings_by_resolution(client, province, two_cascades):
    """/canh-bao/ has the drop-down too: with one root resolution its lists hold only that cascade's items,
    each resolution in its own snapshot, and its download follows the choice."""
    from giamsat.core.actors import SYSTEM
    from giamsat.dashboard.warnings import early_warnings
    from giamsat.tasks.services import task_create

    late = task_create(actor=SYSTEM, document=province["doc"], name="Số hóa hồ sơ lưu trữ của tỉnh",
                       deadline_text="Tháng 12/2025", leads=[province["orgs"]["science"]])  # 57 cascade; overdue
    office = province["users"]["office"]
    whole, of71 = early_warnings(office), early_warnings(office, resolution="71")
    flagged = whole.overdue + whole.soon + whole.not_reported
    assert flagged and whole.total > of71.total  # something of the 57 cascade is flagged: the test can fail
    assert all(t.document_id == two_cascades["plan71"].pk for t in of71.overdue + of71.soon + of71.not_reported)
    client.force_login(office)
    page = opened(client, "/canh-bao/")  # its parts loaded after it (ADR 0059)
    assert f"{whole.total} mục cần chú ý" in page and '<option value="71">' in page
    page71 = opened(client, "/canh-bao/?resolution=71")
    assert f"{of71.total} mục cần chú ý" in page71 and '<option value="71" selected>' in page71
    assert late in whole.overdue and late.name in page and late.name not in page71
    assert f"{whole.total} mục cần chú ý" in client.get("/canh-bao/").content.decode()  # its own snapshot
    assert "/bang-dieu-khien/xuat/canh-bao.csv?resolution=71" in page71
    assert client.get("/canh-bao/?resolution=%3Cx%3E").status_code == 400
