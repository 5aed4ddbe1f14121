import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def citizen_item(province):
    """A citizen's complaint, with a name, an e-mail and a photo; not yet triaged."""
    from giamsat.feedback.services import AttachedFile, feedback_submit

    return feedback_submit(user=AnonymousUser(), kind="complaint", subject="Thủ tục cấp phép chậm",
                           content="Hồ sơ nộp trực tuyến 20 ngày chưa được xử lý.", name="Trần Thị Bình",
                           contact="binh@example.vn", address="203.0.113.5",
                           files=[AttachedFile("anh.png", ContentFile(PNG, name="anh.png"))])


@pytest.fixture
def routed_item(province, citizen_item):
    from giamsat.feedback.services import feedback_route

    feedback_route(user=province["users"]["office"], feedback=citizen_item, agencies=[province["orgs"]["culture"]])
    citizen_item.refresh_from_db()
    return citizen_item
