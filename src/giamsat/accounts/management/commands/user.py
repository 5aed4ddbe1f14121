from django.core.management.base import BaseCommand, CommandError

from giamsat.accounts.models import Role, User
from giamsat.accounts.services import sign_in_unlock, user_create
from giamsat.audit.context import acting_as
from giamsat.core.actors import SYSTEM
from giamsat.core.errors import ApplicationError
from giamsat.organizations.models import Organization


class Command(BaseCommand):
    help = ("user list [--role ROLE]: tên đăng nhập của các tài khoản đang hoạt động, mỗi dòng một tên. "
            "user create USERNAME --role ROLE [--org MÃ] [--name 'Họ tên'] [--email E]: mật khẩu ngẫu nhiên, "
            "phải đổi khi đăng nhập. user unlock USERNAME: mở khóa đăng nhập (sai mật khẩu, sai mã xác thực "
            "hai bước).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "unlock", "list"])
        parser.add_argument("username", nargs="?", default="")
        parser.add_argument("--role", choices=Role.values)
        parser.add_argument("--org", default="")
        parser.add_argument("--name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, action, username, role, org, name, email, **options):
        if action == "list":
            return self._list(role)
        if not username:
            raise CommandError("Cần ghi tên đăng nhập.")
        if action == "unlock":
            return self._unlock(username)
        if not role:
            raise CommandError("Cần ghi vai trò: --role admin|office|focal|head|leader|inspector.")
        organization = None
        if org:
            organization = Organization.objects.filter(code=org).first()
            if organization is None:
                raise CommandError(f"Không có cơ quan mã “{org}”.")
        with acting_as(SYSTEM, "cli"):
            try:
                user, password = user_create(actor=SYSTEM, username=username, full_name=name, role=role,
                                             organization=organization, email=email)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Đã tạo {user.username} ({user.get_role_display()}). Mật khẩu ban đầu (phải đổi khi đăng nhập):"
        )
        self.stdout.write(password)

    def _list(self, role: str | None) -> None:
        """One username a line (active accounts, by name), for scripts: `giamsat user list --role office`."""
        users = User.objects.filter(is_active=True).order_by("username")
        if role:
            users = users.filter(role=role)
        for username in users.values_list("username", flat=True):
            self.stdout.write(username)

    def _unlock(self, username: str) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        with acting_as(None, "cli"):
            lifted = sign_in_unlock(user=user)
        if lifted:
            self.stdout.write(f"Đã mở {', '.join(lifted)} cho {user.username}.")
        else:
            self.stdout.write(f"Tài khoản {user.username} không bị khóa đăng nhập.")
