"""iCalendar (RFC 5545) written by hand: all-day VEVENTs, escaped text, lines folded at 75 octets without
splitting a UTF-8 character, CRLF line ends. Text is NFC (Vietnamese diacritics as one code point each)."""

import datetime as dt

from giamsat.core.text import nfc


def _escape(text: str) -> str:
    text = nfc(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > (75 if not out else 74):  # continuation lines start with a space
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def calendar(name: str, events, *, stamp: dt.datetime, base_url: str, domain: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//giamsat//Lich han//VI", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}", "X-WR-TIMEZONE:Asia/Ho_Chi_Minh"]
    utc = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for event in events:
        link = f"{base_url}{event.link}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}@{domain}",
            f"DTSTAMP:{utc}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.summary)}",
            f"DESCRIPTION:{_escape(event.description + (chr(10) + link if base_url else ''))}",
            *([f"URL:{link}"] if base_url else []),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
