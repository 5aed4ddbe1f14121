"""The system acts under its own name (core.actors.SYSTEM): services refuse a missing actor instead of
taking it as leave to do everything, and what the system writes is audited as the system's."""

import datetime as dt

import pytest
from django.core.management import call_command

from giamsat.core.actors import SYSTEM

pytestmark = pytest.mark.django_db


def test_services_refuse_a_missing_actor(province):
    from giamsat.accounts.services import user_create
    from giamsat.documents.services import document_create
    from giamsat.indicators.services import indicator_create
    from giamsat.tasks.models import Task
    from giamsat.tasks.services import task_create

    before = Task.objects.count()
    with pytest.raises(TypeError, match="SYSTEM"):
        task_create(actor=None, document=province["doc"], name="Không ai giao",
                    leads=[province["orgs"]["culture"]])
    with pytest.raises(TypeError, match="SYSTEM"):
        document_create(actor=None, doc_type="Kế hoạch", title="Không ai ban hành")
    with pytest.raises(TypeError, match="SYSTEM"):
        user_create(actor=None, username="ai-do", role="focal")
    with pytest.raises(TypeError, match="SYSTEM"):
        indicator_create(user=None, code="X-1", name="Không ai định nghĩa", unit="%")
    assert Task.objects.count() == before
    task = task_create(actor=SYSTEM, document=province["doc"], name="Hệ thống giao",
                       leads=[province["orgs"]["culture"]])
    task.refresh_from_db()
    assert task.status_as_of == dt.date.today()  # its status stored with the write


def test_what_the_system_writes_is_audited_under_its_name(province, capsys):
    from giamsat.audit.context import acting_as
    from giamsat.audit.models import AuditEntry
    from giamsat.tasks.services import task_create

    with acting_as(SYSTEM, "system"):
        task = task_create(actor=SYSTEM, document=province["doc"], name="Việc của hệ thống",
                           leads=[province["orgs"]["science"]])
    entry = AuditEntry.objects.filter(object_type="tasks.task", object_id=str(task.pk)).get()
    assert (entry.actor_id, entry.actor_label, entry.source) == (None, "hệ thống", "system")
    call_command("user", "create", "can-bo-moi", "--role", "focal", "--org", "svhttdl")
    entry = AuditEntry.objects.filter(object_type="accounts.user").order_by("-id").first()
    assert entry.actor_label.startswith("hệ thống (dòng lệnh (") and entry.source == "cli"
