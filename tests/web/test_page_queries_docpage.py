"""The document, organization, indicator and search pages (issue #25, ADR 0046) answer in a number of queries
that does not grow with the data, and the document page's first view of its cascade is bounded while every
implementing plan stays one click away (without JavaScript)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giamsat.core.actors import SYSTEM
from giamsat.web.views import CASCADE_FIRST_ROWS, DOCUMENT_TASKS_SHOWN

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr class="level-(\d+)">')


def _get(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response.content.decode()


def _plans(province, n: int, *, start: int = 0, under=None, tasks: int = 1):
    """`n` agencies' plans based on the province's plan (or `under`), each with `tasks` tasks of Sở VHTTDL."""
    from giamsat.documents.services import document_create, document_relate
    from giamsat.tasks.services import task_create

    made = []
    for i in range(start, start + n):
        plan = document_create(actor=SYSTEM, doc_type="Kế hoạch", number=f"{i + 1}/KH-SVHTTDL",
                               date=dt.date(2025, 7, 1) + dt.timedelta(days=i), title=f"Kế hoạch triển khai {i}",
                               issuer=province["orgs"]["culture"])
        document_relate(source=plan, kind="based_on", target=under or province["doc"])
        for k in range(tasks):
            task_create(actor=SYSTEM, document=plan, number=str(k + 1), name=f"Việc {k} của kế hoạch {i}",
                        deadline_text="Năm 2026", leads=[province["orgs"]["culture"]])
        made.append(plan)
    return made


def test_the_document_page_shows_a_bounded_first_view_in_the_same_queries(province, login):
    office = login(province["users"]["office"])
    doc, url = province["doc"], f"/van-ban/{province['doc'].pk}/"
    _plans(province, 3)
    office.get(url)  # the first view computes the snapshot
    warm_small, page = _get(office, url)
    cold_small, _ = _get(office, url + "?tinh-lai=1")
    assert len(ROW.findall(page)) == 4 and "Xem toàn bộ chuỗi" not in page  # all of a small cascade

    plans = _plans(province, CASCADE_FIRST_ROWS + 10, start=3, tasks=2)
    for extra in range(DOCUMENT_TASKS_SHOWN + 5):  # more tasks of its own than the page lists
        from giamsat.tasks.services import task_create

        task_create(actor=SYSTEM, document=doc, number=str(100 + extra), name=f"Nhiệm vụ thêm {extra}",
                    deadline_text="Năm 2026", leads=[province["orgs"]["science"]])
    office.get(url)
    warm_large, page = _get(office, url)
    cold_large, _ = _get(office, url + "?tinh-lai=1")
    assert warm_large == warm_small <= 4, (warm_small, warm_large)  # the frame, the document, its sources
    assert cold_large == cold_small, (cold_small, cold_large)  # a query a level of the cascade, none a plan

    shown = ROW.findall(page)
    assert len(shown) == CASCADE_FIRST_ROWS and shown[0] == "0"
    total_plans = 3 + len(plans)
    assert f'href="/van-ban/{doc.pk}/chuoi/"' in page and f"({total_plans} văn bản triển khai)" in page
    assert page.count('<td data-label="TT" class="tt">') == DOCUMENT_TASKS_SHOWN  # its first tasks, of 58
    assert f"{DOCUMENT_TASKS_SHOWN} nhiệm vụ đầu" in page and f"/nhiem-vu/?document={doc.pk}" in page

    # The whole cascade, on its own page: every plan with a link to it.
    _, full = _get(office, f"/van-ban/{doc.pk}/chuoi/")
    assert len(ROW.findall(full)) == total_plans + 1
    assert all(f'href="/van-ban/{p.pk}/"' in full for p in plans)
    assert "Xem toàn bộ chuỗi" not in full


def test_a_plan_with_hidden_plans_under_it_points_to_them(province, login):
    """Levels that do not fit: the first view keeps the top levels whole and says what is under each row."""
    office = login(province["users"]["office"])
    middle = _plans(province, 2)
    _plans(province, CASCADE_FIRST_ROWS - 1, start=10, under=middle[0])  # 1 + 2 + 29 rows: 2 too many
    page = _get(office, f"/van-ban/{province['doc'].pk}/")[1]
    depths = ROW.findall(page)
    assert depths[:2] == ["0", "1"] and depths.count("1") == 2 and len(depths) == CASCADE_FIRST_ROWS
    assert f'href="/van-ban/{middle[0].pk}/#tien-do-chuoi">2 văn bản triển khai bên dưới' in page
    assert "Xem toàn bộ chuỗi (31 văn bản triển khai)" in page
    # That plan's own page lists all of them (1 + 29 rows fit).
    own = _get(office, f"/van-ban/{middle[0].pk}/")[1]
    assert len(ROW.findall(own)) == CASCADE_FIRST_ROWS and "Xem toàn bộ chuỗi" not in own


def test_the_cascade_page_keeps_the_document_rules(province, login):
    from giamsat.documents.services import document_create

    private = document_create(actor=SYSTEM, doc_type="Kế hoạch", number="9/KH-SKHCN", title="Kế hoạch riêng",
                              issuer=province["orgs"]["science"])
    assert login(province["users"]["focal_culture"]).get(f"/van-ban/{private.pk}/chuoi/").status_code == 404
    assert login(province["users"]["focal_science"]).get(f"/van-ban/{private.pk}/chuoi/").status_code == 200
    # An agency's view of the cascade counts only the tasks it sees (Sở KH&CN: none of Sở VHTTDL's plans').
    _plans(province, 2)
    page = _get(login(province["users"]["focal_science"]), f"/van-ban/{province['doc'].pk}/")[1]
    assert "Kế hoạch triển khai 0" not in page


def test_the_lists_do_not_query_per_row(province, login):
    from giamsat.organizations.services import organization_create

    office = login(province["users"]["office"])
    urls = ["/van-ban/", "/co-quan/", "/chi-tieu/", "/tim-kiem/?q=ke+hoach"]

    def counts():
        for url in urls:
            office.get(url)
        return {url: _get(office, url)[0] for url in urls}

    _indicators(province, 1, start=90)  # an empty list saves the targets' query
    small = counts()
    _plans(province, 12, tasks=2)
    for i in range(12):
        organization_create(name=f"UBND xã Số {i}", short_name=f"xã {i}", kind="peoples_committee",
                            level="commune", code=f"xa{i}", aliases=[f"Xã Số {i}"])
    _indicators(province, 8)
    large = counts()
    assert large == small, (small, large)
    # search: two queries a kind (its rows, its count); one windowed query was 31 s at national scale (ADR 0046)
    assert small["/van-ban/"] <= 5 and small["/co-quan/"] <= 4 and small["/tim-kiem/?q=ke+hoach"] <= 13
    page = _get(office, "/van-ban/")[1]
    assert re.search(r">1/KH-SVHTTDL</a></td>.*?<td>2</td></tr>", page, re.S)  # its own task count
    assert "Xã Số 3" in _get(office, "/co-quan/")[1]


def _indicators(province, n: int, *, start: int = 0):
    from giamsat.indicators.services import indicator_create
    from giamsat.indicators.values import indicator_value_submit

    made = []
    for i in range(start, start + n):
        ind = indicator_create(user=SYSTEM, code=f"T-{i:02d}", name=f"Chỉ tiêu thử {i}", unit="dự án",
                               responsible=province["orgs"]["culture"], baseline_value=10, baseline_year=2020,
                               targets=[{"year": 2030, "value": 50}])
        for year in (2024, 2025):
            indicator_value_submit(user=province["users"]["focal_culture"], indicator=ind, period=str(year),
                                   value=12 + i + year - 2024)
        made.append(ind)
    return made


def test_the_indicator_page_and_list_in_the_same_queries(province, login):
    office = login(province["users"]["office"])
    first = _indicators(province, 1)[0]
    url = f"/chi-tieu/{first.pk}/"
    office.get(url)
    few, page = _get(office, url)
    assert page.count('class="review-form"') == 2  # the office reviews each pending value from the page
    _indicators_more = _indicators(province, 5, start=1)
    from giamsat.indicators.values import indicator_value_submit

    for year in (2021, 2022, 2023):
        indicator_value_submit(user=province["users"]["focal_culture"], indicator=first, period=str(year),
                               value=year - 2010)
    # The first view after a write reads the indicator, its values and every indicator's assessment again
    # (ADR 0053); later ones only whether it is visible and its explanation requests.
    cold, _ = _get(office, url)
    many, page = _get(office, url)
    assert many == few <= 3 and cold <= 9, (few, cold, many)
    assert page.count('class="review-form"') == 5 and "Năm 2021" in page
    focal = login(province["users"]["focal_culture"])
    focal.get("/chi-tieu/")  # the first view of a session moves its expiry on
    focal_few = _get(focal, "/chi-tieu/")[0]
    _indicators(province, 3, start=10)
    assert _get(focal, "/chi-tieu/")[0] <= 11  # after a write: computed again (ADR 0053)
    assert _get(focal, "/chi-tieu/")[0] == focal_few <= 2 and len(_indicators_more) == 5


def test_the_whole_cascade_a_page_at_a_time(province, login, monkeypatch):
    from giamsat.dashboard import progress

    monkeypatch.setattr(progress, "CASCADE_PAGE_ROWS", 10)
    office = login(province["users"]["office"])
    plans = _plans(province, 14)
    url = f"/van-ban/{province['doc'].pk}/chuoi/"
    first, second = _get(office, url)[1], _get(office, url + "?page=2")[1]
    assert len(ROW.findall(first)) == 10 and len(ROW.findall(second)) == 5
    assert 'href="?page=2"' in first and "Trang 2/2" in second
    assert all(f'href="/van-ban/{p.pk}/"' in first + second for p in plans)
    assert _get(office, url + "?page=x")[1].count("Trang 1/2") == 1  # a bad page number: the first page
