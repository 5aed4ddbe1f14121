"""The signed-in frame's user and organization kept in the shared cache (issue #25, ADR 0055): no query on a
trivial page once kept, and every way a user or an organization is written — a save, a bulk update, a
deletion, a password change, a commit after a page read meanwhile — shows on the very next page.
tests/web/test_logged_in_frame.py holds the logout and the one-query path without the cache."""

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from tests.shared_cache import share_caches_through_redis

pytestmark = pytest.mark.django_db

TRIVIAL = "/hoi-dap/"  # the ask page: the frame around an empty form
OFFICE_ONLY = "/chat-luong-du-lieu/"


def _page(client, path=TRIVIAL):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response, [q["sql"] for q in ctx.captured_queries]


def _signed_in(client, user):
    client.force_login(user)
    client.get(TRIVIAL)  # keeps the row, counts the unread notifications, moves the session's expiry on
    return client


def test_the_first_page_reads_the_user_with_the_organization_in_one_query(client, province):
    user = province["users"]["focal_culture"]
    client.force_login(user)
    _page(client)
    user.save(update_fields=["last_login"])  # any write of a user: every kept row is read again
    response, queries = _page(client)
    assert len(queries) == 1 and "organizations_organization" in queries[0], queries
    assert user.organization.display_name in response.content.decode()
    assert _page(client)[1] == []


def test_a_deactivation_by_save_refuses_the_next_page(client, province):
    user = province["users"]["focal_culture"]
    _signed_in(client, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(TRIVIAL).status_code == 302


def test_a_deactivation_by_bulk_update_refuses_the_next_page(client, province):
    from giamsat.accounts.models import User

    user = province["users"]["focal_culture"]
    _signed_in(client, user)
    assert User.objects.filter(pk=user.pk).update(is_active=False) == 1
    response = client.get(TRIVIAL)
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_a_role_change_by_bulk_update_applies_on_the_next_page(client, province):
    from giamsat.accounts.models import User

    user = province["users"]["focal_culture"]
    _signed_in(client, user)
    assert client.get(OFFICE_ONLY).status_code == 403
    User.objects.filter(pk=user.pk).update(role="office")
    assert client.get(OFFICE_ONLY).status_code == 200
    User.objects.bulk_update([User(pk=user.pk, role="focal")], ["role"])
    assert client.get(OFFICE_ONLY).status_code == 403


def test_a_password_change_elsewhere_ends_the_session(client, province):
    user = province["users"]["focal_culture"]
    _signed_in(client, user)
    user.set_password("Mot-mat-khau-moi-2026")
    user.save()
    assert client.get(TRIVIAL).status_code == 302


def test_the_users_own_password_change_keeps_their_session(client, province):
    from tests.conftest import PASSWORD

    user = province["users"]["focal_culture"]
    _signed_in(client, user)
    response = client.post("/tai-khoan/doi-mat-khau/", {
        "old_password": PASSWORD, "new_password": "Mot-mat-khau-moi-2026", "new_password2": "Mot-mat-khau-moi-2026"})
    assert response.status_code == 302
    assert client.get(TRIVIAL).status_code == 200


def test_a_deleted_user_is_refused(client, province):
    from giamsat.accounts.models import User

    user = province["users"]["focal_culture"]
    _signed_in(client, user)
    user.api_tokens.all().delete()
    User.objects.filter(pk=user.pk).delete()
    assert client.get(TRIVIAL).status_code == 302


def test_an_organization_renamed_shows_in_the_header_on_the_next_page(client, province):
    from giamsat.organizations.models import Organization

    user = province["users"]["focal_culture"]
    _signed_in(client, user)
    org = user.organization
    org.short_name = "Sở VH mới đổi tên"
    org.save(update_fields=["short_name"])
    assert "Sở VH mới đổi tên" in client.get(TRIVIAL).content.decode()
    Organization.objects.filter(pk=org.pk).update(short_name="Sở VH đổi lần hai")
    assert "Sở VH đổi lần hai" in client.get(TRIVIAL).content.decode()


def test_a_move_to_another_organization_applies_on_the_next_page(client, province):
    from giamsat.accounts.models import User

    user = province["users"]["focal_culture"]
    science = province["orgs"]["science"]
    _signed_in(client, user)
    User.objects.filter(pk=user.pk).update(organization=science)
    assert escape(science.display_name) in client.get(TRIVIAL).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_commit_leaves_a_stamp_no_page_read_before_it_could_have_kept(province):
    """A page read between the write and its commit sees the old row and may keep it under the stamp the
    write set at once; the commit sets another, so the old row is never served after the commit."""
    from django.core.cache import caches

    from giamsat.accounts.session_user import session_user
    from giamsat.core.frame import FRAME_CACHE_ALIAS, FRAME_STAMP_KEY

    user = province["users"]["focal_culture"]
    cache = caches[FRAME_CACHE_ALIAS]
    assert session_user(user.pk).role == "focal"
    before = cache.get(FRAME_STAMP_KEY)
    with transaction.atomic():
        user.role = "head"
        user.save(update_fields=["role"])
        during = cache.get(FRAME_STAMP_KEY)
        assert during != before  # at once
    assert cache.get(FRAME_STAMP_KEY) not in (before, during)  # and again on commit
    assert session_user(user.pk).role == "head"


def test_a_write_beside_the_orm_shows_within_the_kept_rows_lifetime(client, province, settings):
    """Raw SQL sends no signal: the kept row lives GIAMSAT_FRAME_CACHE_SECONDS at most."""
    from giamsat.accounts.models import User

    settings.GIAMSAT_FRAME_CACHE_SECONDS = 60
    user = province["users"]["focal_culture"]
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        _signed_in(client, user)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {User._meta.db_table} SET is_active = %s WHERE id = %s", [False, user.pk])
        clock.shift(61)
        assert client.get(TRIVIAL).status_code == 302


def _form(page: str) -> str:
    start = page.index('<form class="filters"')
    return page[start:page.index("</form>", start)]


def test_the_task_lists_filter_form_is_kept_per_query_and_follows_the_organizations(client, province):
    """The task list's filter form (≈300 options for an office at province scale) is kept with the reference
    data and the query string: the chosen option stays chosen, a new organization is offered at once."""
    from giamsat.organizations.models import Organization

    science = province["orgs"]["science"]
    client.force_login(province["users"]["office"])
    plain = _form(client.get("/nhiem-vu/").content.decode())
    chosen_path = f"/nhiem-vu/?organization={science.pk}"
    chosen = _form(client.get(chosen_path).content.decode())
    option = f'<option value="{science.pk}" selected>'
    assert option in chosen and option not in plain
    response, queries = _page(client, chosen_path)
    assert queries == [] and _form(response.content.decode()) == chosen
    Organization.objects.create(name="Sở Ngoại vụ tỉnh Lai Châu", short_name="Sở Ngoại vụ")
    assert "Sở Ngoại vụ" in _form(client.get("/nhiem-vu/").content.decode())
    assert "Sở Ngoại vụ" in _form(client.get(chosen_path).content.decode())


def test_a_write_in_another_process_refuses_the_next_page_here(client, province, settings, tmp_path):
    """Two processes sharing Redis (GIAMSAT_CACHE_URL, several nodes): a deactivation committed by the other
    one renews the stamp there, and this process's next page reads the row again (scripts/multinode_test.py
    does the same with two servers)."""
    shared = share_caches_through_redis(settings)
    from giamsat.accounts.models import User

    user = province["users"]["focal_culture"]
    _signed_in(client, user)
    assert _page(client)[1] == []  # kept in Redis
    with connection.cursor() as cursor:  # the other process's write: the row changed, no signal here
        cursor.execute(f"UPDATE {User._meta.db_table} SET is_active = %s WHERE id = %s", [False, user.pk])
    assert client.get(TRIVIAL).status_code == 200  # nothing here knows yet
    run = subprocess.run([sys.executable, "-c", (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'giamsat.config.settings'); "
        "django.setup()\nfrom giamsat.core.frame import renew_frame_rows\nrenew_frame_rows()")],
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "GIAMSAT_DATA_DIR": str(tmp_path),
             **shared}, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    response = client.get(TRIVIAL)
    assert response.status_code == 302 and "/dang-nhap/" in response.url
