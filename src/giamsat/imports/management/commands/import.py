"""`giamsat import FILE`: extract a plan and keep it for review, or commit it at once with --yes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.core.errors import ApplicationError
from giamsat.imports.services import import_commit, import_create


class Command(BaseCommand):
    help = "Nhập văn bản, kế hoạch: trích xuất rồi chờ rà soát trên web, hoặc ghi ngay với --yes."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--yes", action="store_true", help="ghi ngay theo đề xuất tự động, không rà soát")

    def handle(self, *args, files, yes, **options):
        with acting_as(SYSTEM, "cli"):
            for name in files:
                path = Path(name)
                if not path.is_file():
                    raise CommandError(f"Không tìm thấy tệp {name}.")
                try:
                    job = import_create(user=SYSTEM, filename=path.name, data=path.read_bytes(), background=False)
                    proposal = job.proposal
                    unmatched = [p for p, m in proposal["agencies"].items() if not m.get("kind")]
                    self.stdout.write(
                        f"{path.name}: {len(proposal['tasks'])} nhiệm vụ, {len(proposal['targets'])} chỉ tiêu, "
                        f"{len(proposal['reporting'])} chế độ báo cáo, {len(proposal['references'])} văn bản dẫn; "
                        f"{len(unmatched)} tên cơ quan chưa ghép."
                    )
                    if job.duplicate_of_id:
                        self.stdout.write(f"  Lưu ý: trùng tệp đã nhập ({job.duplicate_of.label}).")
                    if yes:
                        doc = import_commit(user=SYSTEM, job=job)
                        self.stdout.write(self.style.SUCCESS(f"  Đã ghi: {doc.label} (mã {doc.pk})."))
                    else:
                        self.stdout.write(f"  Chờ rà soát tại /nhap-van-ban/{job.pk}/")
                except ApplicationError as exc:
                    raise CommandError(f"{path.name}: {exc.message}") from exc
