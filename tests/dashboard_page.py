"""The dashboard as a browser shows it (ADR 0059): the page, with each part it loads after it (a placeholder
`<section data-phan="…">` and its headline box) replaced by the part the page's script asks for."""

import re

PLACEHOLDER = re.compile(r'<section id="(?P<name>[\w-]+)" data-phan="(?P<url>[^"]+)".*?</section>\n?', re.S)


def _stat(name: str) -> re.Pattern:
    return re.compile(rf'\s*<div class="stat" id="o-{re.escape(name)}">.*?</div></div>\n?', re.S)


def parts_of(html: str) -> list[tuple[str, str]]:
    """(name, address) of the parts the page loads after it."""
    return [(m["name"], m["url"].replace("&amp;", "&")) for m in PLACEHOLDER.finditer(html)]


def with_parts(client, html: str) -> str:
    """`html` with its parts loaded as the page's script loads them (header `X-Phan: 1`)."""
    for name, url in parts_of(html):
        response = client.get(url, HTTP_X_PHAN="1")
        assert response.status_code == 200, (url, response.status_code)
        part = response.content.decode()
        stat, section = part.split("<section", 1)
        box = _stat(name).search(html)
        html = html[:box.start()] + "\n" + stat.strip("\n") + "\n" + html[box.end():]
        place = next(m for m in PLACEHOLDER.finditer(html) if m["name"] == name)
        html = html[:place.start()] + "<section" + section + html[place.end():]
    return html


def opened(client, path: str, **params) -> str:
    """The page at `path` (GET `params`), with its parts loaded."""
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code)
    return with_parts(client, response.content.decode())
