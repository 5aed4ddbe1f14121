"""The header's menus: one list of entries grouped into a few menus; an entry is shown to a user when the
route table lets that user read its page (accounts/routes.py), so no template decides by role (ADR 0039)."""

from dataclasses import dataclass
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from giamsat.accounts import access, routes
from giamsat.core.frame import url_of


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    nav: str = ""  # the `nav` a page sets to mark its entry as current
    badge: str = ""  # a count shown beside the label ("notifications": unread notifications)


@dataclass(frozen=True)
class Group:
    label: str
    entries: tuple[Entry, ...]


SIGNED_IN_MENU: tuple[Group, ...] = (
    Group("Theo dõi", (
        Entry("Bảng điều khiển", "dashboard:leaders", "dashboard"),
        Entry("Cảnh báo", "dashboard:warnings", "warnings"),
        Entry("Chất lượng dữ liệu", "metrics:data_quality", "quality"),
        Entry("Công khai kết quả", "dashboard:publication", "public"),
    )),
    Group("Nhiệm vụ", (
        Entry("Văn bản", "web:documents", "documents"),
        Entry("Nhiệm vụ", "web:tasks", "tasks"),
        Entry("Chỉ tiêu", "indicators:list", "indicators"),
        Entry("Nhập văn bản", "web:imports", "imports"),
    )),
    Group("Báo cáo", (
        Entry("Báo cáo", "reporting:mine", "reports", badge="notifications"),
        Entry("Lịch báo cáo", "reporting:calendar"),
        Entry("Đôn đốc", "reporting:reminders"),
        Entry("Đánh giá", "evaluation:list", "evaluation"),
        Entry("Xuất dữ liệu", "exports:page", "exports"),
    )),
    Group("Người dân", (
        Entry("Phản ánh, kiến nghị", "feedback:list", "feedback"),
        Entry("Tuyên truyền", "outreach:list", "outreach"),
        Entry("Hỏi đáp", "qa:ask", "qa"),
    )),
    Group("Hệ thống", (
        Entry("Cơ quan, đơn vị", "web:organizations", "organizations"),
        Entry("Lịch sử thay đổi", "audit:history", "history"),
        Entry("Nhật ký gửi thông báo", "notify:deliveries"),
        Entry("API", "api:openapi-view"),
        Entry("Quản trị", "admin:index"),
    )),
)

PUBLIC_MENU: tuple[Entry, ...] = (
    Entry("Kết quả công khai", "dashboard:public", "public"),
    Entry("Tìm kiếm", "search:public", "search_public"),
    Entry("Phản ánh, kiến nghị", "feedback:public_form", "feedback_public"),
)


def may_open(user, url_name: str) -> bool:
    """Whether the menu offers the page: its route's readers (the admin site guards itself)."""
    if url_name.startswith("admin:"):
        return access.can_use_admin_site(user)
    rule = routes.PAGES.get(url_name)
    return rule is not None and rule.read is not None and rule.read.allows(user)


@dataclass(frozen=True)
class Shown:
    label: str
    url: str
    current: bool
    badge: str


def _shown(entry: Entry, nav: str) -> Shown:
    return Shown(entry.label, url_of(entry.url_name), bool(entry.nav) and entry.nav == nav, entry.badge)


def menu_for(user, nav: str = "") -> list[dict]:
    """The groups with the entries `user` may open, each marked current when the page's `nav` is its own."""
    groups = []
    for group in SIGNED_IN_MENU:
        entries = [_shown(e, nav) for e in group.entries if may_open(user, e.url_name)]
        if entries:
            groups.append({"label": group.label, "entries": entries,
                           "current": any(e.current for e in entries),
                           "badge": next((e.badge for e in entries if e.badge), "")})
    return groups


def public_menu(nav: str = "") -> list[Shown]:
    return [_shown(e, nav) for e in PUBLIC_MENU if e.url_name in routes.PAGES]


def main_nav(user, nav: str = "", unread: int = 0) -> SafeString:
    """The header's `<nav>` of the signed-in user (issue #25): the same markup the base template wrote with
    two loops and five conditions an entry, written here once per process for each combination of what it
    depends on — the entries the user may open (asked of the route table on every request, so a role change
    shows at once), the page's `nav`, the unread count and the addresses' prefix."""
    opened = tuple(e.url_name for group in SIGNED_IN_MENU for e in group.entries if may_open(user, e.url_name))
    return _main_nav(opened, nav or "", int(unread or 0), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=1024)
def _main_nav(opened: tuple[str, ...], nav: str, unread: int, prefix: str, urlconf) -> SafeString:
    """The markup for one combination (`prefix` and `urlconf` are keys: `url_of` reads them itself)."""
    allowed = set(opened)
    home = url_of("web:home")
    parts = ['<nav class="main" aria-label="Chức năng chính">\n      <a class="top" href="', escape(home), '" ',
             'aria-current="page"' if nav == "home" else "", ">Trang chủ</a>\n      "]
    for group in SIGNED_IN_MENU:
        entries = [e for e in group.entries if e.url_name in allowed]
        if not entries:
            continue
        current = any(e.nav and e.nav == nav for e in entries)
        badge = next((e.badge for e in entries if e.badge), "")
        parts += ['<details class="menu">\n        <summary', ' class="current"' if current else "", ">",
                  escape(group.label)]
        if unread and badge == "notifications":
            parts += [' <span class="badge">', str(unread), "</span>"]
        parts.append("</summary>\n        <ul>")
        for e in entries:
            parts += ['\n          <li><a href="', escape(url_of(e.url_name)), '"',
                      ' aria-current="page"' if e.nav and e.nav == nav else "", ">", escape(e.label)]
            if e.badge == "notifications" and unread:
                parts += [" (", str(unread), ")"]
            parts.append("</a></li>")
        parts.append("\n        </ul>\n      </details>")
    parts.append("\n    </nav>")
    return mark_safe("".join(parts))  # every value escaped above


@receiver(setting_changed)
def forget(**kwargs) -> None:
    """A test changed a setting (URLs, …): written menus are written again."""
    _main_nav.cache_clear()
