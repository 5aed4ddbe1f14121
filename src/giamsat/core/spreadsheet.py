"""Spreadsheet safety shared by every export (XLSX, CSV).

Text that a spreadsheet would run as a formula ("=", "+", "-", "@", tab, carriage return) gets a leading
apostrophe, as OWASP advises for CSV/formula injection. `unneutralize` undoes it on re-import.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralize(value):
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "".join(FORMULA_STARTS):
        return value[1:]
    return value
