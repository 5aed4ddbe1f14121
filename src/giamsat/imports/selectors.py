from django.db.models import QuerySet

from giamsat.accounts.access import require_manager
from giamsat.core.errors import NotFoundError
from giamsat.documents.models import with_document
from giamsat.imports.models import ImportJob


def import_list(user) -> QuerySet[ImportJob]:
    require_manager(user)
    return with_document(ImportJob.objects.select_related("created_by", "duplicate_of")).order_by("-created_at")


def import_get(user, pk: int) -> ImportJob:
    job = import_list(user).filter(pk=pk).first()
    if job is None:
        raise NotFoundError("Không tìm thấy lượt nhập.")
    return job
