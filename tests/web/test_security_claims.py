"""Small proofs of claims in docs/SECURITY.md that no other test made."""

import pytest

from giamsat.core.models import AppendOnlyError
from giamsat.tasks.services import progress_update_create, task_decide

pytestmark = pytest.mark.django_db


def test_what_users_type_is_escaped_on_pages(client, province, login):
    task = province["tasks"]["culture"]
    progress_update_create(user=province["users"]["focal_culture"], task=task, state="in_progress",
                           narrative='<script>alert("x")</script><img src=x onerror=alert(1)>')
    login(province["users"]["office"])
    page = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<script>alert("x")' not in page and "<img src=x" not in page


def test_pages_cannot_be_framed(client, province):
    response = client.get("/dang-nhap/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_office_decisions_are_append_only(province):
    decision = task_decide(user=province["users"]["office"], task=province["tasks"]["culture"], kind="paused",
                           note="Chờ kinh phí")
    decision.note = "sửa lén"
    with pytest.raises(AppendOnlyError):
        decision.save()
    with pytest.raises(AppendOnlyError):
        decision.delete()
