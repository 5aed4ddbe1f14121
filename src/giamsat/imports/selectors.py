from django.db.models import QuerySet

from giamsat.accounts.access import require_manager
from giamsat.core.errors import NotFoundError
from giamsat.imports.models import ImportJob


def import_list(user) -> QuerySet[ImportJob]:
    require_manager(user)
    return ImportJob.objects.select_related("created_by", "document", "duplicate_of").order_by("-created_at")


def import_get(user, pk: int) -> ImportJob:
    job = import_list(user).filter(pk=pk).first()
    if job is None:
        raise NotFoundError("Không tìm thấy lượt nhập.")
    return job
