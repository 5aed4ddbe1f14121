from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from giamsat.accounts.models import ApiToken, User
from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM


class Command(BaseCommand):
    help = "Quản lý khóa API: create USERNAME [--read-only] [--name N] | list [USERNAME] | revoke ID"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("target", nargs="?")
        parser.add_argument("--read-only", action="store_true")
        parser.add_argument("--name", default="")

    def handle(self, *args, action, target, read_only, name, **options):
        with acting_as(SYSTEM, "cli"):
            if action == "create":
                user = User.objects.filter(username=target).first()
                if user is None:
                    raise CommandError(f"Không có người dùng '{target}'.")
                token, raw = ApiToken.issue(user=user, name=name or "cli", read_only=read_only)
                self.stderr.write(f"Đã tạo khóa #{token.pk} cho {user.username}{' (chỉ đọc)' if read_only else ''}.")
                self.stdout.write(raw)
            elif action == "list":
                qs = ApiToken.objects.select_related("user").order_by("id")
                if target:
                    qs = qs.filter(user__username=target)
                for t in qs:
                    state = "đã thu hồi" if t.revoked_at else "hiệu lực"
                    used = "chưa dùng"
                    if t.last_used_at:
                        used = f"dùng lần cuối {timezone.localtime(t.last_used_at):%H:%M %d/%m/%Y}"
                    rights = "chỉ đọc" if t.read_only else "đọc/ghi"
                    self.stdout.write(f"{t.pk}\t{t.key_prefix}…\t{t.user.username}\t{rights}\t{state}\t{used}")
            else:
                token = ApiToken.objects.filter(pk=target, revoked_at__isnull=True).first()
                if token is None:
                    raise CommandError(f"Không có khóa hiệu lực #{target}.")
                token.revoked_at = timezone.now()
                token.save(update_fields=["revoked_at"])
                self.stdout.write(f"Đã thu hồi khóa #{target}.")
