from django.core.management.base import BaseCommand, CommandError

from giamsat.accounts.models import Role
from giamsat.accounts.services import user_create
from giamsat.audit.context import acting_as
from giamsat.core.errors import ApplicationError
from giamsat.organizations.models import Organization


class Command(BaseCommand):
    help = "user create USERNAME --role ROLE [--org MÃ] [--name 'Họ tên'] [--email E]: mật khẩu ngẫu nhiên, phải đổi khi đăng nhập."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--org", default="")
        parser.add_argument("--name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, action, username, role, org, name, email, **options):
        organization = None
        if org:
            organization = Organization.objects.filter(code=org).first()
            if organization is None:
                raise CommandError(f"Không có cơ quan mã “{org}”.")
        with acting_as(None, "cli"):
            try:
                user, password = user_create(actor=None, username=username, full_name=name, role=role,
                                             organization=organization, email=email)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã tạo {user.username} ({user.get_role_display()}). Mật khẩu ban đầu (phải đổi khi đăng nhập):")
        self.stdout.write(password)
