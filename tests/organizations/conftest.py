"""A province with a third department to merge into, and a district to dissolve or split."""

import datetime as dt

import pytest

from giamsat.core.actors import SYSTEM


@pytest.fixture
def reorg(province):
    """`province` plus: a finished task of culture (history), a district with an open task and a user."""
    from giamsat.accounts.models import User
    from giamsat.organizations.services import organization_create
    from giamsat.tasks.models import ProgressUpdate
    from giamsat.tasks.services import task_create
    from giamsat.tasks.summary import refresh_statuses

    orgs, doc = province["orgs"], province["doc"]
    merged = organization_create(name="Sở Văn hóa, Khoa học và Du lịch", kind="department", code="svhkh")
    district = organization_create(name="UBND huyện Tam Đường", kind="peoples_committee", level="district",
                                   code="ubnd-tam-duong")
    commune_a = organization_create(name="UBND xã Bình Lư", kind="peoples_committee", level="commune", code="xa-a")
    commune_b = organization_create(name="UBND xã Bản Bo", kind="peoples_committee", level="commune", code="xa-b")
    done = task_create(actor=SYSTEM, document=doc, number="4", name="Lễ phát động đã xong",
                       deadline_text="Tháng 10/2025", leads=[orgs["culture"]])
    ProgressUpdate.objects.create(task=done, organization=orgs["culture"], reported_on=dt.date(2025, 10, 1),
                                  state="done", is_lead=True)
    refresh_statuses([done.pk])
    d1 = task_create(actor=SYSTEM, document=doc, number="5", name="Chuyển đổi số cấp huyện",
                     deadline_text="Tháng 12/2025", leads=[district])
    d2 = task_create(actor=SYSTEM, document=doc, number="6", name="Tuyên truyền ở cơ sở",
                     deadline_text="Năm 2026", leads=[district], coordinators=[orgs["culture"]])
    focal_district = User(username="tamduong", role="focal", organization=district)
    focal_district.set_password("x")
    focal_district.save()
    focal_merged = User(username="svhkh", role="focal", organization=merged)
    focal_merged.set_password("x")
    focal_merged.save()
    province["orgs"].update(merged=merged, district=district, commune_a=commune_a, commune_b=commune_b)
    province["tasks"].update(done=done, d1=d1, d2=d2)
    province["users"].update(focal_district=focal_district, focal_merged=focal_merged)
    return province


@pytest.fixture
def decide():
    """Record a reorganization through the service as the monitoring office would."""
    from giamsat.organizations.reorganize import ReorganizationInput, reorganization_record

    def do(kind, preds, succs=(), *, on=dt.date(2026, 1, 1), user=SYSTEM, **extra):
        data = ReorganizationInput(kind=kind, predecessor_ids=[o.pk for o in preds],
                                   successor_ids=[o.pk for o in succs], effective_date=on,
                                   document_number="12/NQ-HĐND", document_date=on, document_issuer="HĐND tỉnh",
                                   **extra)
        return reorganization_record(user=user, data=data)

    return do
