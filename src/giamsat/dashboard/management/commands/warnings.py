"""`giamsat warnings [--email]`: the early-warning list, printed, or sent to the monitoring office's users on the
channels each chose (giamsat.notify: in-app, e-mail, Zalo, Telegram, daily digest), once a day.

Weekly, from cron (Monday 07:00), for example:

    0 7 * * 1  cd /srv/giamsat && GIAMSAT_DATA_DIR=/srv/giamsat/var .venv/bin/giamsat warnings --email
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.core.jobs import OneRunnerCommand
from giamsat.dashboard.services import warnings_email


class Command(OneRunnerCommand, BaseCommand):
    job_name = "warnings"  # one runner across every node (core.jobs)

    help = "Danh sách cảnh báo sớm (nhiệm vụ quá hạn, sắp đến hạn, chỉ tiêu chậm, báo cáo chưa gửi)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--email",
            action="store_true",
            help="gửi cho cán bộ cơ quan theo dõi qua các kênh mỗi người đã chọn "
                 "(trong hệ thống, thư điện tử, Zalo, Telegram)",
        )
        parser.add_argument("--date", help="tính đến ngày (YYYY-MM-DD), mặc định hôm nay")

    def handle(self, *args, email: bool, date: str | None, **options):
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"Ngày không hợp lệ: {date} (cần dạng YYYY-MM-DD).") from exc
        with acting_as(SYSTEM, "cli"):
            mail = warnings_email(today=today, send=email)
        if not email:
            self.stdout.write(mail.body)
            return
        if mail.sent:
            channels = "; ".join(f"{label}: {n}" for label, n in mail.channels.items())
            self.stdout.write(self.style.SUCCESS(f"Đã gửi cảnh báo sớm tới {mail.users} người ({channels})."
                                                 + (" Thư điện tử: " + ", ".join(mail.recipients)
                                                    if mail.recipients else "")))
        if mail.reason:
            self.stdout.write(self.style.WARNING(mail.reason))
