"""QuickSelect (core.widgets) writes the markup Django's Select writes, without its per-option templates."""

import pytest
from django import forms
from django.test.html import parse_html

from giamsat.core.widgets import QuickSelect

CHOICES = [("", "Tất cả cơ quan"), (3, "Sở Khoa học & Công nghệ"), (12, "<b>UBND</b> xã \"Tân Phong\"")]


@pytest.mark.parametrize("value", [None, "", 3, "12", 99])
def test_the_same_markup_as_djangos_select(value):
    attrs = {"id": "id_organization", "title": "Chọn cơ quan"}
    quick = QuickSelect(choices=CHOICES).render("organization", value, attrs)
    django = forms.Select(choices=CHOICES).render("organization", value, attrs)
    assert parse_html(quick) == parse_html(django)
    assert quick.startswith('<select name="organization" id="id_organization" title=')  # Django's order too
    assert quick.count("selected") == (1 if value in (3, "12") else 0 if value not in ("", None) else 1)


def test_grouped_choices_are_left_to_django():
    grouped = [("Sở", [(1, "Sở A"), (2, "Sở B")])]
    assert "<optgroup" in QuickSelect(choices=grouped).render("x", 1)


@pytest.mark.django_db  # the outreach form reads its channels
def test_the_forms_with_long_lists_write_them_in_python():
    """The public feedback form lists up to 200 published documents, the outreach form an agency's tasks: both
    with QuickSelect (the country's public form took 16 ms, most of it Django writing 200 options)."""
    from giamsat.feedback.forms import PublicSubmitForm
    from giamsat.outreach.forms import ActivityForm

    documents = [(7, "Kế hoạch 02/KH-UBND"), (9, "Quyết định <số> 5")]
    form = PublicSubmitForm(documents=documents)
    assert isinstance(form.fields["document"].widget, QuickSelect)
    markup = str(form["document"])
    assert parse_html(markup) == parse_html(forms.Select(choices=[("", "— không —"), *documents]).render(
        "document", None, {"id": "id_document"}))
    assert isinstance(ActivityForm(tasks=[(1, "Nhiệm vụ 1")]).fields["task"].widget, QuickSelect)
