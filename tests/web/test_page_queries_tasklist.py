"""The task list, the exception board and the task page near the floor (issue #25, ADR 0045): their rows are
written in Python and kept per data version, so a page costs the logged-in frame and little else, the first
view after a write costs the same whatever the number of rows, and a write shows on the next view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giamsat.core.actors import SYSTEM

pytestmark = pytest.mark.django_db


def _between(page, start, end):
    return page[page.index(start):page.index(end, page.index(start))]


def _get(client, path, data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, data or {})
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def _more_tasks(province, n):
    from giamsat.tasks.services import task_create

    for i in range(n):
        task_create(actor=SYSTEM, document=province["doc"], number=str(10 + i), name=f"Nhiệm vụ thêm {i}",
                    deadline_text="Quý 4/2026", leads=[province["orgs"]["culture"]],
                    coordinators=[province["orgs"]["science"]])


# The frame costs no query once its user is kept (ADR 0055), nor an agency user's scope (its stamp is kept too).
@pytest.mark.parametrize("role, kept_queries", [("office", 0), ("focal_culture", 0)])
def test_the_task_list_kept_costs_the_frame_alone(client, province, role, kept_queries):
    client.force_login(province["users"][role])
    for path in ("/nhiem-vu/", "/nhiem-vu/?status=not_started", "/nhiem-vu/?q=tuyen+truyen"):
        first, _ = _get(client, path)
        again, queries = _get(client, path)
        # The user, the agency's scope: no count, no rows, no drop-down read again.
        assert len(queries) == kept_queries, (path, queries)
        assert _between(again, "<tbody>", "</tbody>") == _between(first, "<tbody>", "</tbody>")
        assert _between(again, '<form class="filters"', "</form>") == \
            _between(first, '<form class="filters"', "</form>")  # the filter form kept too


def test_the_first_view_costs_the_same_for_three_rows_or_fifty(client, province):
    client.force_login(province["users"]["office"])
    _get(client, "/nhiem-vu/")
    _more_tasks(province, 2)  # a write: the kept rows are no longer current
    few_page, few = _get(client, "/nhiem-vu/")
    _more_tasks(province, 45)
    many_page, many = _get(client, "/nhiem-vu/")
    assert few_page.count('data-label="TT"') == 5 and many_page.count('data-label="TT"') == 50
    assert len(many) == len(few), (few, many)  # no query per row
    assert len(few) <= 13, few


def test_the_rows_keep_their_cells_links_and_marks(client, province):
    from giamsat.tasks.services import progress_update_create

    task = province["tasks"]["culture"]
    progress_update_create(user=province["users"]["focal_culture"], task=task, state="in_progress", percent=40,
                           narrative="Đã triển khai")
    client.force_login(province["users"]["office"])
    page, _ = _get(client, "/nhiem-vu/")
    assert ('<td data-label="TT" class="tt">1</td><td data-label="Nhiệm vụ" class="name">'
            f'<a href="/nhiem-vu/{task.pk}/">Tuyên truyền mục tiêu của tỉnh</a>') in page
    assert '<div class="small muted">Kế hoạch số 2653/KH-UBND ngày 06/06/2025</div>' in page
    assert '<td data-label="Chủ trì">Sở VHTTDL; Sở KH&amp;CN</td>' in page  # the shared task, both leads
    assert '<td data-label="Thời hạn">Tháng 6/2026<div class="small muted">Hạn: 30/06/2026</div></td>' in page
    assert '<span class="badge s-in_progress">Chưa hoàn thành – trong hạn</span>' in page


def test_a_write_shows_on_the_next_view(client, province):
    from giamsat.tasks.services import task_edit

    office, focal = province["users"]["office"], province["users"]["focal_science"]
    task = province["tasks"]["science"]
    client.force_login(office)
    page, _ = _get(client, "/nhiem-vu/")
    assert "Xây dựng nền tảng dữ liệu" in page
    task_edit(user=office, task=task, lock_version=task.lock_version, name="Nền tảng dữ liệu dùng chung")
    page, _ = _get(client, "/nhiem-vu/")
    assert "Nền tảng dữ liệu dùng chung" in page and "Xây dựng nền tảng dữ liệu" not in page
    # An agency's progress update (through its page) shows in the office's list and on the task page at once.
    client.force_login(focal)
    _get(client, f"/nhiem-vu/{task.pk}/")
    assert client.post(f"/nhiem-vu/{task.pk}/", {"state": "in_progress", "percent": "30",
                                                 "narrative": "Đang xây dựng"}).status_code == 302
    page, _ = _get(client, f"/nhiem-vu/{task.pk}/")
    assert "Đang xây dựng" in page
    client.force_login(office)
    page, _ = _get(client, "/nhiem-vu/", {"status": "in_progress"})
    assert "Nền tảng dữ liệu dùng chung" in page


def test_an_agency_never_sees_another_scope_s_kept_rows(client, province):
    client.force_login(province["users"]["office"])
    office_page, _ = _get(client, "/nhiem-vu/")
    assert "Xây dựng nền tảng dữ liệu" in office_page
    client.force_login(province["users"]["focal_culture"])
    agency_page, _ = _get(client, "/nhiem-vu/")
    assert "Xây dựng nền tảng dữ liệu" not in agency_page and "Tuyên truyền mục tiêu của tỉnh" in agency_page


def _updates(province, n):
    from giamsat.tasks.services import progress_update_create

    task = province["tasks"]["culture"]
    for i in range(n):
        progress_update_create(user=province["users"]["focal_culture"], task=task, state="in_progress",
                               percent=i % 100, narrative=f"Báo cáo lần {i}")
    return task


@pytest.mark.parametrize("role, kept_queries", [("office", 1), ("focal_culture", 2)])
def test_the_task_page_shows_the_newest_updates_in_few_queries(client, province, role, kept_queries):
    task = _updates(province, 25)
    client.force_login(province["users"][role])
    page, _ = _get(client, f"/nhiem-vu/{task.pk}/")
    assert page.count('id="cap-nhat-') == 20
    assert "Báo cáo lần 24" in page and "Báo cáo lần 4<" not in page
    assert 'href="?tat-ca=1#cap-nhat" data-all-updates>Xem tất cả 25 cập nhật</a>' in page
    again, queries = _get(client, f"/nhiem-vu/{task.pk}/")
    # The task's visibility (an agency: also its part in the task; its user and scope are kept, ADR 0055); its
    # priority in the evaluation, its urgings and the decision form's documents are kept with the page (ADR 0056).
    assert len(queries) == kept_queries, queries
    assert _between(again, "<h1>", "</main>").split("csrfmiddlewaretoken")[0] == \
        _between(page, "<h1>", "</main>").split("csrfmiddlewaretoken")[0]
    everything, _ = _get(client, f"/nhiem-vu/{task.pk}/", {"tat-ca": "1"})
    assert everything.count('id="cap-nhat-') == 25 and "Báo cáo lần 0<" in everything
    assert "Chỉ xem các cập nhật mới nhất" in everything


def test_the_task_page_s_forms_follow_the_user(client, province):
    task = province["tasks"]["culture"]
    client.force_login(province["users"]["office"])
    office, _ = _get(client, f"/nhiem-vu/{task.pk}/")
    assert "Ghi quyết định" in office and "Sửa nhiệm vụ" in office and "Ghi nhận</button>" not in office
    assert '<option value="' + str(province["doc"].pk) + '">Kế hoạch số 2653/KH-UBND' in office
    client.force_login(province["users"]["focal_culture"])
    focal, _ = _get(client, f"/nhiem-vu/{task.pk}/")
    assert "Ghi nhận</button>" in focal and "cơ quan chủ trì)" in focal
    assert "Ghi quyết định" not in focal and "Sửa nhiệm vụ" not in focal
    client.force_login(province["users"]["focal_science"])  # coordinator of this task
    science, _ = _get(client, f"/nhiem-vu/{task.pk}/")
    assert "cơ quan phối hợp — đóng góp" in science
    client.force_login(province["users"]["focal_science"])
    other = province["tasks"]["culture"].pk + 1000
    assert client.get(f"/nhiem-vu/{other}/").status_code == 404


def test_the_exception_board_kept_and_current(client, province):
    from giamsat.tasks.services import alert_rule_set, task_create

    late = task_create(actor=SYSTEM, document=province["doc"], number="9", name="Nhiệm vụ đã quá hạn",
                       deadline_text="Tháng 12/2025", leads=[province["orgs"]["science"]])
    office = province["users"]["office"]
    client.force_login(office)
    page, _ = _get(client, "/nhiem-vu/ngoai-le/")
    assert f'<a href="/nhiem-vu/{late.pk}/">9. Nhiệm vụ đã quá hạn</a>' in page
    assert "Đỏ đặc biệt" in page and "Chưa có sản phẩm" in page and "Cấp giao nhiệm vụ" in page
    assert "Xây dựng nền tảng dữ liệu" not in page  # due 31/03/2026: not red on 10/01/2026
    again, queries = _get(client, "/nhiem-vu/ngoai-le/")
    assert queries == []  # the frame alone: its user kept (ADR 0055)
    assert _between(again, "<tbody>", "</tbody>") == _between(page, "<tbody>", "</tbody>")
    alert_rule_set(user=office, yellow_days=3, special_red_days=45)  # a write: shown on the next view
    page, _ = _get(client, "/nhiem-vu/ngoai-le/")
    assert "quá hạn từ 45 ngày" in page and "Lãnh đạo cơ quan chủ trì" in page and "Cấp giao nhiệm vụ" not in page
    red = client.get("/nhiem-vu/ngoai-le/", {"muc": "red"})
    assert [(t.name, t.days_late) for t in red.context["page"].object_list] == [("Nhiệm vụ đã quá hạn", 10)]
    assert not client.get("/nhiem-vu/ngoai-le/", {"muc": "special_red"}).context["page"].object_list
    client.force_login(province["users"]["focal_culture"])  # not its task
    assert "Nhiệm vụ đã quá hạn" not in _get(client, "/nhiem-vu/ngoai-le/")[0]


def test_a_progress_update_does_not_read_the_drop_downs_again(client, province):
    from giamsat.tasks.services import progress_update_create

    client.force_login(province["users"]["office"])
    _get(client, "/nhiem-vu/")
    progress_update_create(user=province["users"]["focal_culture"], task=province["tasks"]["culture"],
                           state="in_progress", percent=10, narrative="Bắt đầu")
    page, queries = _get(client, "/nhiem-vu/")
    assert "Chưa hoàn thành – trong hạn" in page  # the rows again
    assert any("COUNT(*)" in q for q in queries), queries
    # The organizations, documents and resolutions of the drop-downs, and the alert rule, change only with
    # writes of their own: kept.
    assert not [q for q in queries if "tasks_alertrule" in q or 'ORDER BY "organizations_organization"."name"' in q]
    assert 'value="' + str(province["orgs"]["science"].pk) + '">Sở KH&amp;CN</option>' in page
