"""Accounts: random initial passwords that must be changed, API tokens a user can list and revoke, history."""

import pytest
from django.core.management import call_command

from giamsat.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db


def test_created_account_must_change_its_random_password(client, province, capsys):
    call_command("user", "create", "nguyenvana", "--role", "focal", "--org", "svhttdl", "--name", "Nguyễn Văn A")
    password = capsys.readouterr().out.strip().splitlines()[-1]
    user = User.objects.get(username="nguyenvana")
    assert user.must_change_password and user.check_password(password) and len(password) >= 16
    assert client.login(username="nguyenvana", password=password)
    response = client.get("/nhiem-vu/")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/doi-mat-khau/"
    # Too short, then mismatched, then right.
    page = client.post("/tai-khoan/doi-mat-khau/", {"old_password": password, "new_password": "ngan",
                                                    "new_password2": "ngan"})
    assert "quá ngắn" in page.content.decode() or "ít nhất" in page.content.decode()
    response = client.post("/tai-khoan/doi-mat-khau/", {"old_password": password, "new_password": "Lai-Chau-2026-moi",
                                                        "new_password2": "Lai-Chau-2026-moi"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Lai-Chau-2026-moi")
    assert client.get("/nhiem-vu/").status_code == 200


def test_user_create_refuses_agency_role_without_organization(province):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="phải thuộc"):
        call_command("user", "create", "x", "--role", "head")


def test_tokens_are_listed_created_once_and_revoked_by_their_owner_only(client, province):
    client.force_login(province["users"]["focal_culture"])
    page = client.post("/tai-khoan/khoa-api/", {"name": "Hệ thống tỉnh", "read_only": "on"})
    raw = page.context["raw"]
    assert raw in page.content.decode() and page["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=province["users"]["focal_culture"])
    assert token.read_only and raw not in (token.key_hash, token.key_prefix)
    listing = client.get("/tai-khoan/").content.decode()
    assert token.key_prefix in listing and raw not in listing
    # Another agency's user cannot revoke it; the owner can.
    client.force_login(province["users"]["focal_science"])
    client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/")
    token.refresh_from_db()
    assert token.revoked_at is None
    client.force_login(province["users"]["focal_culture"])
    client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/tasks", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


@pytest.mark.parametrize(("role", "allowed"), [("inspector", True), ("office", True), ("admin", True),
                                               ("leader", False), ("focal_culture", False), ("head_culture", False)])
def test_history_is_for_inspector_office_and_admin(client, province, role, allowed):
    client.force_login(province["users"][role])
    task = province["tasks"]["culture"]
    response = client.get(f"/lich-su/?type=tasks.task&id={task.pk}")
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert "Tuyên truyền mục tiêu của tỉnh" in response.content.decode()


def test_createsuperuser_makes_an_administrator(db):
    User.objects.create_superuser("root2", "r@example.org", "Mot-mat-khau-dai-2026")
    assert User.objects.get(username="root2").role == "admin"


def test_api_refuses_accounts_that_must_change_their_password(client, province, bearer):
    user = province["users"]["focal_culture"]
    headers = bearer(user)
    user.must_change_password = True
    user.save()
    response = client.get("/api/v1/tasks", **headers)
    assert response.status_code == 403 and "đổi mật khẩu" in response.json()["detail"]


def test_read_only_token_write_gets_a_clear_message(client, province, bearer):
    task = province["tasks"]["culture"]
    response = client.post(f"/api/v1/tasks/{task.pk}/updates", '{"state": "done"}', content_type="application/json",
                           **bearer(province["users"]["focal_culture"], read_only=True))
    assert response.status_code == 403 and "chỉ được đọc" in response.json()["detail"]
    assert client.get("/api/v1/tasks").json()["detail"].startswith("Chưa đăng nhập")


PASSWORD = "Mat-khau-thu-nghiem-2025"


def _change_password(client, **extra):
    new = "Lai-Chau-2026-moi"
    data = {"old_password": PASSWORD, "new_password": new, "new_password2": new}
    return client.post("/tai-khoan/doi-mat-khau/", {**data, **extra}, follow=True)


def test_changing_the_password_revokes_the_api_tokens_and_lists_them(client, province):
    from giamsat.audit.models import AuditEntry

    user = province["users"]["focal_culture"]
    kept, _ = ApiToken.issue(user=province["users"]["focal_science"], name="Của người khác")
    first, raw = ApiToken.issue(user=user, name="Cổng báo cáo")
    second, _ = ApiToken.issue(user=user)
    client.force_login(user)
    page = _change_password(client, revoke_tokens="on").content.decode()
    assert "Đã thu hồi 2 khóa API" in page and "«Cổng báo cáo»" in page and second.key_prefix in page
    assert set(ApiToken.objects.filter(revoked_at__isnull=False)) == {first, second}
    client.logout()
    assert client.get("/api/v1/tasks", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert AuditEntry.objects.filter(event="api_tokens_revoked", object_id=str(user.pk)).exists()
    kept.refresh_from_db()
    assert kept.revoked_at is None


def test_the_owner_may_keep_the_tokens_when_changing_the_password(client, province):
    user = province["users"]["focal_culture"]
    token, _ = ApiToken.issue(user=user)
    client.force_login(user)
    page = _change_password(client).content.decode()  # the box left unticked
    assert "Đã đổi mật khẩu" in page and "Đã thu hồi" not in page
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_administrator_reset_revokes_the_tokens_and_asks_for_a_new_password(client, province):
    user = province["users"]["focal_culture"]
    token, _ = ApiToken.issue(user=user, name="Cổng báo cáo")
    client.force_login(province["users"]["admin"])
    page = client.post(f"/admin/accounts/user/{user.pk}/password/", {
        "password1": "Tam-thoi-2026-abc", "password2": "Tam-thoi-2026-abc", "usable_password": "true",
        "revoke_tokens": "on", "must_change": "on"}, follow=True).content.decode()
    assert "Đã thu hồi 1 khóa API của svhttdl" in page and "«Cổng báo cáo»" in page
    token.refresh_from_db()
    user.refresh_from_db()
    assert token.revoked_at is not None and user.must_change_password
    assert user.check_password("Tam-thoi-2026-abc")


def test_tokens_show_when_they_were_last_used(client, province, capsys):
    import datetime as dt

    from tests.conftest import TODAY

    user = province["users"]["focal_culture"]
    used, raw = ApiToken.issue(user=user, name="Cổng báo cáo")
    ApiToken.issue(user=user, name="Chưa dùng")
    assert client.get("/api/v1/tasks", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    used.refresh_from_db()
    shown = (used.last_used_at.astimezone(TODAY.tzinfo)).strftime("%H:%M %d/%m/%Y")
    assert used.last_used_at - TODAY < dt.timedelta(minutes=5)
    client.force_login(user)
    assert shown in client.get("/tai-khoan/").content.decode()
    call_command("token", "list", "svhttdl")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and lines[0].endswith(f"dùng lần cuối {shown}") and lines[1].endswith("chưa dùng")


def test_an_administrator_unlocks_sign_in_from_the_admin(client, province, settings):
    from axes.models import AccessAttempt

    settings.AXES_ENABLED = True
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "svhttdl", "password": "sai"})
    locked = client.post("/dang-nhap/", {"username": "svhttdl", "password": PASSWORD})
    assert "Tạm khóa" in locked.content.decode()
    admin_client = type(client)(REMOTE_ADDR="10.9.9.9")
    admin_client.force_login(province["users"]["admin"])
    page = admin_client.post("/admin/accounts/user/", {
        "action": "unlock_sign_in", "_selected_action": [province["users"]["focal_culture"].pk]}, follow=True)
    assert "đã mở khóa do nhập sai mật khẩu" in page.content.decode()
    assert not AccessAttempt.objects.filter(username="svhttdl").exists()
    assert client.post("/dang-nhap/", {"username": "svhttdl", "password": PASSWORD}).status_code == 302
