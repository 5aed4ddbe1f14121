"""Screenshots of every main page for each role, at 1366 px and 390 px, for a human to review (#21).

A throw-away demo instance is served on loopback (scripts/_harness.py); each demo account signs in through
the login form, opens every entry of its own header menus (the route table decides which), the first
document and the first task, and the page is saved whole as <out>/<role>/<width>/<name>.png. The public
pages are taken without an account. Needs the playwright package and Debian's chromium.

    python scripts/screenshots.py --out /tmp/giamsat-shots
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402

CHROMIUM = os.environ.get("GIAMSAT_CHROMIUM", "/usr/bin/chromium")
WIDTHS = (1366, 390)
ROLES = {"admin": "quantri", "office": "vanphong", "focal": "svhttdl", "head": "ld-svhttdl",
         "leader": "lanhdao", "inspector": "kiemtra"}
PUBLIC = ["/cong-khai/", "/tim-kiem/cong-khai/?q=chuyen+doi+so", "/phan-anh/gui/", "/dang-nhap/"]
MAX_PAGES = 40  # per role and width: a bound, whatever the menus hold


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "trang-chu"


def _menu_paths(page) -> list[str]:
    hrefs = page.eval_on_selector_all("header.site a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in dict.fromkeys(hrefs) if not h.startswith(("/admin", "/api"))]


def _first_link(page, base: str, list_path: str, pattern: str) -> str | None:
    page.goto(base + list_path)
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    return next((h for h in hrefs if re.fullmatch(pattern, h)), None)


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900}, locale="vi-VN")
            for path in PUBLIC:
                page.goto(base + path)
                saved.append(out / "public" / str(width) / f"{_name(path)}.png")
                page.screenshot(path=str(saved[-1]), full_page=True)
            page.close()
        for role, username in ROLES.items():
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
                page = context.new_page()
                page.goto(base + "/dang-nhap/")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", _harness.PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(lambda url: "/dang-nhap/" not in url)
                paths = _menu_paths(page)
                for list_path, pattern in (("/van-ban/", r"/van-ban/\d+/"), ("/nhiem-vu/", r"/nhiem-vu/\d+/")):
                    found = _first_link(page, base, list_path, pattern)
                    if found:
                        paths.append(found)
                for path in paths[:MAX_PAGES]:
                    page.goto(base + path)
                    saved.append(out / role / str(width) / f"{_name(path)}.png")
                    page.screenshot(path=str(saved[-1]), full_page=True)
                context.close()
        browser.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/giamsat-screenshots"),
                        help="a directory outside the repository")
    args = parser.parse_args()
    if Path(__file__).resolve().parents[1] in args.out.resolve().parents:
        parser.error("--out must be outside the repository")
    started = time.monotonic()
    instance = _harness.prepare("sqlite", "shots")
    try:
        instance.start(threads=4)
        saved = shoot(instance.base, args.out)
    finally:
        _harness.cleanup(instance)
    print(f"{len(saved)} ảnh trong {args.out} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
