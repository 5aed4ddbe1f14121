"""The organization chooser (issue #25): one form field for choosing organizations among thousands.

A province has ≈150 organizations, the country ≈9,500. Up to `DROP_DOWN_LIMIT` the field is the drop-down it
always was (written in Python by QuickSelect); above it, no option is written. The field becomes a text box
(one organization a line when several may be chosen), which the server reads: a name, a short name, another
name, the organization's code, its electronic identifier or administrative-unit code, or the label the
suggestions give («Tên [mã]»). A name two organizations share is refused with a Vietnamese message that says
how to tell them apart. With JavaScript (static/giamsat/chooser.js) the box suggests matching organizations
as one types, from `GET /api/v1/organizations/choices?q=` (`organization_choices`); without it the box
works the same, only without suggestions (ADR 0056).

Use: `OrganizationChooser(label=…, multiple=True, current_only=False)` on a form, then, in the form's
`__init__`, `offer_organizations(self, "name", …)`: one query for every chooser of the form; the page writes
`{{ media }}` (`MEDIA`: the script, deferred).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from giamsat.core import kept
from giamsat.core.errors import ApplicationError
from giamsat.core.text import clean_spaces, fold
from giamsat.organizations.models import Organization, OrganizationAlias

DROP_DOWN_LIMIT = 300  # a province's organizations fit; a country's do not
MATCHES_SHOWN = 20  # suggestions in one answer of the endpoint
QUERY_MIN, QUERY_MAX = 2, 100
_CODE_IN_LABEL = re.compile(r"\[([^\[\]]+)\]\s*$")


def organization_label(name: str, code: str, valid_to=None) -> str:
    """What the suggestions show and the text box takes back: the name, its end if it has one, the code."""
    ended = f" (đến {valid_to:%d/%m/%Y})" if valid_to else ""
    return f"{name}{ended} [{code}]"


def chooser_queryset(*, current_only: bool = False) -> QuerySet[Organization]:
    """The organizations a chooser offers. Organizations are public to every signed-in user (the route table
    lets only them reach a form or the endpoint), so the list is the same for every role."""
    shown = Organization.objects.order_by("level", "name", "pk")  # the id after the name: 34 «Sở Công Thương»
    return shown.filter(valid_to__isnull=True) if current_only else shown


# This process's copy of every organization, in the chooser's order, with the version of the reference data it
# was read at: (version, rows). A country's suggestions are looked for in it, not by three LIKEs over each of
# its organizations (≈10 ms a keystroke; ADR 0063).
_directory: tuple[str, list[tuple]] = ("", [])


def _organizations() -> list[tuple]:
    """(pk, name, code, valid_to, NAME, SHORT NAME, CODE, IDENTIFIER, administrative-unit code) of every
    organization in `chooser_queryset`'s order, kept while no reference data is written (`core.kept`). The
    upper-case copies are what the database's case-insensitive LIKE compared (and on SQLite, past ASCII too)."""
    global _directory
    version = kept.version_of([kept.ANY]) if kept.version_of else None  # read before the rows, as snapshots
    if version is not None and _directory[0] == version:
        return _directory[1]
    rows = [(pk, name, code, valid_to, name.upper(), (short or "").upper(), code.upper(), (identifier or "").upper(),
             admin or "")
            for pk, name, code, valid_to, short, identifier, admin in chooser_queryset().values_list(
                "pk", "name", "code", "valid_to", "short_name", "identifier_code", "admin_unit_code")]
    if version is not None:
        _directory = (version, rows)
    return rows


def organization_choices(query: str, *, current_only: bool = False, limit: int = MATCHES_SHOWN) -> list[dict]:
    """The endpoint's answer: organizations whose name, short name or code contains `query` (letter case
    aside), or whose identifier (letter case aside) or administrative-unit code it is; `id`, `name` and the
    `label` the text box takes back."""
    query = clean_spaces(query or "")
    if not QUERY_MIN <= len(query) <= QUERY_MAX:
        raise ApplicationError(f"Hãy gõ từ {QUERY_MIN} đến {QUERY_MAX} ký tự của tên hoặc mã cơ quan.")
    wanted, out = query.upper(), []
    for pk, name, code, valid_to, name_up, short_up, code_up, identifier_up, admin in _organizations():
        if current_only and valid_to is not None:
            continue
        if (wanted in name_up or wanted in short_up or wanted in code_up or wanted == identifier_up
                or query == admin):
            out.append({"id": pk, "name": name, "label": organization_label(name, code, valid_to)})
            if len(out) == limit:
                break
    return out


# The suggestions' script, deferred: a page with a chooser writes `{{ media }}` (`MEDIA`) anywhere.
MEDIA = forms.Media(js=[forms.Script("giamsat/chooser.js", defer=True)])


class ChooserWidget(forms.Widget):
    """A drop-down while the choices are few (`choices` set), else a text box the server reads."""

    media = MEDIA

    def __init__(self, *, multiple: bool, current_only: bool, attrs=None):
        super().__init__(attrs)
        self.multiple, self.current_only = multiple, current_only
        self.choices: list | None = None  # (id, label) pairs, or None: too many to list

    def value_from_datadict(self, data, files, name):
        if self.multiple and self.choices is not None and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def render(self, name, value, attrs=None, renderer=None):
        if self.choices is not None:
            return self._drop_down(name, value, attrs)
        final = {k: v for k, v in self.build_attrs(self.attrs, attrs).items() if k != "size"}
        hint = ("Gõ tên hoặc mã cơ quan, mỗi dòng một cơ quan" if self.multiple
                else "Gõ tên hoặc mã cơ quan")
        common = {"name": name, "data-chooser": "/api/v1/organizations/choices"
                  + ("?hien-hanh=1" if self.current_only else ""), "placeholder": hint, "autocomplete": "off",
                  "aria-description": hint}
        # Each attribute escaped by format_html; the whole then marked safe to be placed as one piece.
        written = "".join(format_html(' {}="{}"', k, v) for k, v in {**final, **common}.items()
                          if v not in (None, False, True))
        text = _as_text(value)
        if self.multiple:
            return format_html('<textarea rows="4"{}>{}</textarea>', mark_safe(written), text)
        return format_html('<input type="text"{} value="{}">', mark_safe(written), text)

    def _drop_down(self, name, value, attrs) -> str:
        """The options' markup is written once for every chooser of the form (`offer_organizations`): ≈1 µs an
        option instead of QuickSelect's ≈60; the chosen ones get ` selected` here."""
        final = {**self.attrs, **self.build_attrs({}, attrs)}
        if not self.multiple:
            final.pop("size", None)
        if self.multiple:
            final["multiple"] = True
        written = "".join(format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v)
                          for k, v in final.items() if v not in (None, False))
        options = self.choices.markup
        values = value if isinstance(value, (list, tuple)) else [value]
        for chosen in {str(v.pk if isinstance(v, Organization) else v) for v in values if v not in (None, "")}:
            option = f'<option value="{escape(chosen)}"'
            options = options.replace(f"{option}>", f"{option} selected>", 1)
        blank = "" if self.multiple else '<option value="">—</option>'
        return format_html("<select{}{}>{}{}</select>", format_html(' name="{}"', name), mark_safe(written),
                           mark_safe(blank), mark_safe(options))


class Options(list):
    """(id, label) pairs and their `<option>` markup, written once."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.markup = "".join(f'<option value="{pk}">{escape(label)}</option>' for pk, label in self)


def _as_text(value) -> str:
    """The text box's content: what was typed, as typed; organizations given (ids or rows) as their labels."""
    if value in (None, "", []):
        return ""
    if isinstance(value, str):
        return value
    items = value if isinstance(value, (list, tuple)) else [value]
    ids = [item.pk if isinstance(item, Organization) else item for item in items]
    if all(isinstance(i, str) and not i.isdigit() for i in ids):
        return "\n".join(ids)
    rows = Organization.objects.filter(pk__in=[int(i) for i in ids if str(i).isdigit()]).values_list(
        "pk", "name", "code", "valid_to")
    labels = {pk: organization_label(name, code, valid_to) for pk, name, code, valid_to in rows}
    return "\n".join(labels.get(int(i), str(i)) if str(i).isdigit() else i for i in ids)


class OrganizationChooser(forms.Field):
    """One organization (an `Organization`) or several (a list), chosen from a drop-down or typed."""

    def __init__(self, *, multiple: bool = False, current_only: bool = False, **kwargs):
        self.multiple, self.current_only = multiple, current_only
        kwargs.setdefault("widget", ChooserWidget(multiple=multiple, current_only=current_only))
        super().__init__(**kwargs)

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.widget.choices = None
        return copied

    def offer(self, rows) -> None:
        """The organizations (`_Rows`), or None when there are too many to list."""
        if rows is None:
            self.widget.choices = None
            return
        self.widget.choices = rows.current if self.current_only else rows.every

    def to_python(self, value):
        if value in self.empty_values:
            return [] if self.multiple else None
        items = value if isinstance(value, (list, tuple)) else str(value).splitlines()
        items = [clean_spaces(str(item)) for item in items if clean_spaces(str(item))]
        if not self.multiple and len(items) > 1:
            raise ValidationError("Chỉ chọn một cơ quan.", code="invalid")
        found = resolve_organizations(items, chooser_queryset(current_only=self.current_only),
                                      ids_first=self.widget.choices is not None)
        return found if self.multiple else (found[0] if found else None)

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


def resolve_organizations(items: list[str], queryset: QuerySet[Organization], *,
                          ids_first: bool = True) -> list[Organization]:
    """The organizations `items` name, in order (each once), or a ValidationError with one Vietnamese message
    per item not found or ambiguous. An item is an id (what the drop-down posts), a label «Tên [mã]», a code,
    an identifier or administrative-unit code, or a name, short name or other name (accents and case
    ignored). Typed into the text box (`ids_first` false), digits are an administrative-unit code first."""
    errors, found = [], []
    digits = [int(i) for i in items if i.isdigit() and len(i) < 19]
    by_id = {str(o.pk): o for o in queryset.filter(pk__in=digits)} if digits else {}
    for item in items:
        org = by_id.get(item) if ids_first else None
        if org is None:
            org = _by_text(item, queryset, by_id.get(item), errors)
        if org is not None and org not in found:
            found.append(org)
    if errors:
        raise ValidationError(errors, code="invalid")
    return found


def _by_text(item: str, queryset: QuerySet[Organization], same_id: Organization | None,
             errors: list) -> Organization | None:
    labelled = _CODE_IN_LABEL.search(item)
    code = labelled.group(1).strip() if labelled else item
    key = fold(item)
    alias_of = OrganizationAlias.objects.filter(key=key).values("organization_id")
    exact = list(queryset.filter(
        Q(code=code) | Q(identifier_code__iexact=code) | Q(admin_unit_code=code) | Q(pk__in=alias_of)
        | Q(name__iexact=item) | Q(short_name__iexact=item))[:20])
    if labelled:  # the suggestion's label: its code decides
        exact = [o for o in exact if o.code == code]
    if not exact and same_id is not None:
        exact = [same_id]
    if len(exact) == 1:
        return exact[0]
    if not exact:
        errors.append(f"Không tìm thấy cơ quan «{item}»: hãy ghi đúng tên đầy đủ hoặc mã của cơ quan, "
                      "hoặc chọn trong danh sách gợi ý.")
    else:
        sample = "; ".join(organization_label(o.name, o.code, o.valid_to) for o in exact[:3])
        errors.append(f"Có {len(exact)} cơ quan cùng tên «{item}»: hãy ghi kèm mã trong ngoặc vuông, "
                      f"ví dụ {sample}.")
    return None


class _Rows:
    def __init__(self, rows):
        self.every = Options((pk, name if valid_to is None else f"{name} (đến {valid_to:%d/%m/%Y})")
                             for pk, name, code, valid_to in rows)
        self.current = Options((pk, name) for pk, name, code, valid_to in rows if valid_to is None)


def offer_organizations(form: forms.Form, *names: str) -> None:
    """Give the form's choosers their drop-down options (one query, the markup written once for all), or
    none above `DROP_DOWN_LIMIT`: then each is a text box."""
    rows = list(chooser_queryset().values_list("pk", "name", "code", "valid_to")[:DROP_DOWN_LIMIT + 1])
    shared = _Rows(rows) if len(rows) <= DROP_DOWN_LIMIT else None
    for name in names:
        form.fields[name].offer(shared)
