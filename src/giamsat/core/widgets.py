"""A drop-down rendered in Python (issue #25).

Django's Select renders every option through two templates (the option and its attributes): ≈25 µs an
option, so the task list's 150 organizations and 136 documents cost about as much as the rest of the page.
`QuickSelect` writes the same markup with `format_html`; choices grouped under headings (optgroups), which
our pages do not use for long lists, fall back to Django's rendering.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from giamsat.core.markup import escape


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        choices = [choice for choice in self.choices]  # not list(): a model choice iterator would count
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = {str(v) for v in self.format_value(value)}
        # The options joined as strings, each part escaped as format_html would (≈1 µs an option instead of
        # ≈20: the country's forms list hundreds; session 11), without the lazy-string wrapper (core.markup).
        options = mark_safe("".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>'
            f'{escape(label)}</option>'
            for key, label in ((("" if k is None else k), lbl) for k, lbl in choices)))
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:  # as Select.get_context: `multiple` after the other attributes
            final["multiple"] = True
        # As Django's attrs template: the name first, then the attributes in their order; True alone, False none.
        written = format_html_join("", "{}", (
            (format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),)
            for key, value in {"name": name, **final}.items() if value is not False and value is not None))
        return format_html("<select{}>{}</select>", written, options)


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    """The same for a multiple choice (the reorganization form's units: every organization, twice)."""

    allow_multiple_selected = True
