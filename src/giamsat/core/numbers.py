"""Numbers rounded for people (#21): a figure in a table or in a file meant for people has at most two
decimals and no trailing zeros (5,08 not 5,0833; 32,87 not 32.86666666666666666666666667)."""

from decimal import ROUND_HALF_UP, Decimal

PLACES = 2


def for_people(value, places: int = PLACES):
    """A Decimal or float rounded to `places` decimals (trailing zeros dropped); anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, float)):
        return value
    if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities: nothing to round
        return value
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    rounded = rounded.quantize(Decimal(1)) if rounded == rounded.to_integral_value() else rounded
    return rounded if isinstance(value, Decimal) else float(rounded)
