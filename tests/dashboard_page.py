"""A page as a browser shows it (ADR 0059): the page, with the parts it loads after it (each placeholder
`<section data-phan="…">` names an address) put in place: every top-level element of a part's answer replaces
the page's element with the same id (sections, headline boxes, a count)."""

import re

PLACE = re.compile(r'<section id="(?P<name>[\w-]+)" data-phan="(?P<url>[^"]+)"')
OPENING = re.compile(r"<(?P<tag>[a-z][a-z0-9]*)\b[^>]*>", re.S)


def parts_of(html: str) -> list[tuple[str, str]]:
    """(id, address) of the placeholders of the parts the page loads after it."""
    return [(m["name"], m["url"].replace("&amp;", "&")) for m in PLACE.finditer(html)]


def _element_end(html: str, start: int, tag: str) -> int:
    """Where the element opened at `start` ends (after its closing tag), counting nested ones of its tag."""
    depth, at = 0, start
    pattern = re.compile(rf"<(/?){tag}\b[^>]*>", re.S)
    for m in pattern.finditer(html, start):
        depth += -1 if m[1] else 1
        if depth == 0:
            return m.end()
        at = m.end()
    raise AssertionError(f"<{tag}> opened at {start} is not closed (after {at})")


def _span_of(html: str, element_id: str) -> tuple[int, int]:
    found = re.search(rf'<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert found, f'no element id="{element_id}" on the page'
    return found.start(), _element_end(html, found.start(), found["tag"])


def top_elements(fragment: str) -> list[tuple[str, str]]:
    """(id, markup) of the top-level elements of a part's answer."""
    out, at = [], 0
    while (m := OPENING.search(fragment, at)) is not None:
        end = _element_end(fragment, m.start(), m["tag"])
        found = re.search(r'\bid="([^"]+)"', m.group(0))
        assert found, f"a top-level element without an id: {m.group(0)}"
        out.append((found[1], fragment[m.start():end]))
        at = end
    return out


def with_parts(client, html: str) -> str:
    """`html` with its parts loaded as the page's script loads them (header `X-Phan: 1`)."""
    for _, url in parts_of(html):
        response = client.get(url, HTTP_X_PHAN="1")
        assert response.status_code == 200, (url, response.status_code)
        for element_id, markup in top_elements(response.content.decode()):
            start, end = _span_of(html, element_id)
            html = html[:start] + markup + html[end:]
    return html


def opened(client, path: str, **params) -> str:
    """The page at `path` (GET `params`), with its parts loaded."""
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code)
    return with_parts(client, response.content.decode())
