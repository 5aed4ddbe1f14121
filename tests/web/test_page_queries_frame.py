"""The request frame every page pays (issue #25, ADR 0051): the signed-in header's menus written once per
process for each combination of what they show, with the same markup the base template wrote; no query for
the whole frame whatever the role (ADR 0055; one before); and what the frame shows follows a role change,
the unread count and the address prefix at once."""

import pytest
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

FRAME = "/hoi-dap/"  # the ask page: the frame around an empty form (bench/pages.py's logged-in floor)

# The markup base.html wrote with its loops until session 10, kept here to hold the Python version to it.
FORMER_NAV = Template(
    """<nav class="main" aria-label="Chức năng chính">
      <a class="top" href="{% url 'web:home' %}" {% if nav == 'home' %}aria-current="page"{% endif %}>Trang chủ</a>
      {% for group in groups %}<details class="menu">
        <summary{% if group.current %} class="current"{% endif %}>{{ group.label }}{% if unread and group.badge == "notifications" %} <span class="badge">{{ unread }}</span>{% endif %}</summary>
        <ul>{% for entry in group.entries %}
          <li><a href="{{ entry.url }}"{% if entry.current %} aria-current="page"{% endif %}>{{ entry.label }}{% if entry.badge == "notifications" and unread %} ({{ unread }}){% endif %}</a></li>{% endfor %}
        </ul>
      </details>{% endfor %}
    </nav>"""  # noqa: E501
)


def _queries(client, path=FRAME):
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("name", ["admin", "office", "inspector", "leader", "focal_culture", "head_culture"])
def test_the_menus_are_the_markup_the_template_wrote(province, name):
    from giamsat.accounts import menu

    user = province["users"][name]
    for nav in ("", "home", "reports", "tasks", "qa", "history", "feedback"):
        for unread in (0, 3):
            former = FORMER_NAV.render(Context({"groups": menu.menu_for(user, nav), "nav": nav, "unread": unread}))
            assert str(menu.main_nav(user, nav, unread)) == former, (name, nav, unread)


def test_labels_and_addresses_are_escaped(province, monkeypatch):
    from giamsat.accounts import menu

    entries = (menu.Entry('Báo <cáo> & "số"', "reporting:mine", "reports", badge="notifications"),)
    monkeypatch.setattr(menu, "SIGNED_IN_MENU", (menu.Group("<Nhóm>", entries),))
    menu._main_nav.cache_clear()  # the memo's keys do not name the menu's definition, which tests alone change
    try:
        html = str(menu.main_nav(province["users"]["focal_culture"], "reports", 2))
    finally:
        menu._main_nav.cache_clear()
    assert "&lt;Nhóm&gt;" in html and "Báo &lt;cáo&gt; &amp; &quot;số&quot; (2)" in html
    assert "<Nhóm>" not in html and "<cáo>" not in html


@pytest.mark.parametrize("name", ["admin", "office", "inspector", "leader", "focal_culture", "head_culture"])
def test_the_frame_is_no_query_for_every_role(client, province, name):
    user = province["users"][name]
    client.force_login(user)
    client.get(FRAME)  # the first page of the minute moves the session's expiry on (one write)
    response, queries = _queries(client)
    assert response.status_code == 200
    assert queries == []  # the user with their organization kept in the cache (ADR 0055)
    assert 'class="main" aria-label="Chức năng chính"' in response.content.decode()


def test_a_role_change_changes_the_menu_on_the_next_page(client, province):
    from django.urls import reverse

    user = province["users"]["office"]
    client.force_login(user)
    imports = f'href="{reverse("web:imports")}"'
    assert imports in client.get(FRAME).content.decode()  # the office imports documents
    user.role = "leader"
    user.save(update_fields=["role"])
    assert imports not in client.get(FRAME).content.decode()  # the same process: nothing cached by user
    user.role = "office"
    user.save(update_fields=["role"])
    assert imports in client.get(FRAME).content.decode()


def test_the_current_entry_and_the_unread_count_follow_the_page(client, province):
    from giamsat.reporting.models import Notification

    user = province["users"]["focal_culture"]
    client.force_login(user)
    page = client.get(FRAME).content.decode()
    assert 'aria-current="page">Hỏi đáp</a>' in page and "Báo cáo (" not in page
    Notification.objects.create(user=user, message="Nhắc báo cáo tháng", url="/bao-cao/")
    page = client.get("/").content.decode()
    assert 'aria-current="page">Hỏi đáp</a>' not in page and 'aria-current="page">Trang chủ</a>' in page
    assert "Báo cáo (1)</a>" in page and '<span class="badge">1</span>' in page


def test_the_addresses_follow_the_script_prefix(province):
    """Served under a sub-path (SCRIPT_NAME), every menu address carries it: the per-process addresses are
    kept per prefix, not the first one seen."""
    from django.urls import get_script_prefix, set_script_prefix

    from giamsat.accounts import menu

    user = province["users"]["office"]
    assert 'href="/nhiem-vu/"' in menu.main_nav(user, "qa")
    before = get_script_prefix()
    set_script_prefix("/giamsat/")
    try:
        prefixed = str(menu.main_nav(user, "qa"))
    finally:
        set_script_prefix(before)
    assert 'href="/giamsat/nhiem-vu/"' in prefixed and 'href="/nhiem-vu/"' not in prefixed
    assert 'href="/nhiem-vu/"' in menu.main_nav(user, "qa")


def test_signed_out_pages_keep_the_public_menu(client):
    page = client.get("/cong-khai/").content.decode()
    assert 'aria-label="Trang công khai"' in page and "Chức năng chính" not in page


def test_the_frames_addresses_are_those_of_url_and_static(client, province, settings):
    """base.html's `frame_url` and `frame_static` (worked out once per process) write what `{% url %}` and
    `{% static %}` write, and follow a change of settings."""
    from django.templatetags.static import static
    from django.urls import reverse

    client.force_login(province["users"]["focal_culture"])
    page = client.get(FRAME).content.decode()
    for name in ("web:home", "search:results", "accounts:profile", "web:logout"):
        assert f'"{reverse(name)}"' in page, name
    for path in ("giamsat/favicon.svg", "giamsat/app.css", "vendor/htmx-2.0.11.min.js", "giamsat/nav.js"):
        assert f'"{static(path)}"' in page, path
    settings.STATIC_URL = "/tinh/"
    page = client.get(FRAME).content.decode()
    assert static("giamsat/app.css").startswith("/tinh/") and f'"{static("giamsat/app.css")}"' in page
