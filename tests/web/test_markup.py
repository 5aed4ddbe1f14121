"""core.markup.escape gives what Django's conditional_escape gives, as a plain string."""

import pytest
from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from giamsat.core.markup import escape

lazy_text = lazy(lambda: "Sở <KH&CN>", str)


@pytest.mark.parametrize("value", [
    "Sở Khoa học & Công nghệ", '<b>"UBND"</b> xã \'Tân Phong\'', 12, 0, None, 3.5,
    mark_safe("<em>đã an toàn</em>"), lazy_text(), ""])
def test_the_same_text_as_djangos_conditional_escape(value):
    assert escape(value) == str(conditional_escape(value))
