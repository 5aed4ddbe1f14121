"""A document's full text (tens of kilobytes) is not read with every task of a list, nor with the dashboard's
figures, the indicators or a calendar: `documents.models.with_document` joins a document without it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giamsat.documents.models import Document
from giamsat.tasks.selectors import task_list

PAGES = ["/nhiem-vu/", "/bang-dieu-khien/?tinh-lai=1", "/chi-tieu/", "/canh-bao/?tinh-lai=1", "/?tinh-lai=1",
         "/bang-dieu-khien/phan/bao-cao/?tinh-lai=1", "/bang-dieu-khien/phan/chi-tieu/?tinh-lai=1"]


def _reads_text(queries) -> list[str]:
    return [q["sql"] for q in queries if '"full_text"' in q["sql"]]


@pytest.mark.django_db
def test_a_task_list_joins_its_documents_without_their_text(province):
    Document.objects.update(full_text="Điều 1. " * 4000)
    with CaptureQueriesContext(connection) as ctx:
        tasks = list(task_list(province["users"]["office"]).order_by("id"))
    assert tasks and all(t.document.number is not None for t in tasks)
    assert not _reads_text(ctx.captured_queries)
    # read from the document itself when asked for (one query), as its few readers do
    assert tasks[0].document.full_text.startswith("Điều 1.")


# An agency's pages too: its reporting duties on the home page and its reports page join their plan.
AGENCY_PAGES = ["/?tinh-lai=1", "/bao-cao/"]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "path"),
                         [("office", p) for p in PAGES] + [("focal_culture", p) for p in AGENCY_PAGES])
def test_pages_of_many_rows_read_no_document_text(client, province, role, path):
    Document.objects.update(full_text="Điều 1. " * 4000)
    client.force_login(province["users"][role])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    assert not _reads_text(ctx.captured_queries), path
