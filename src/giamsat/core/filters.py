"""The one filter definition of each list (ADR 0021): a django-filter FilterSet, in the owning app's
`filters.py`, that the page renders as its form, the API reads its query parameters with (`query_schema`
describes them to OpenAPI) and the exports narrow their rows with.

A FilterSet narrows a queryset the caller has already limited to what the user may see; it never
decides visibility itself.
"""

import copy
import datetime as dt
from collections.abc import Callable, Mapping

import django_filters
import django_filters.fields
from django import forms
from django.db.models import QuerySet
from ninja import Schema
from pydantic import create_model

from giamsat.core.errors import ApplicationError
from giamsat.core.periods import PeriodField
from giamsat.core.widgets import QuickSelect

MAX_ID = 2**63 - 1  # larger ids are refused before the database sees them (SQLite cannot hold them)
DATE_PLACEHOLDER = {"placeholder": "dd/mm/yyyy"}


class InvalidFilters(ApplicationError):
    """A filter value the list cannot use (an unknown status, a date that is not one): the API's
    validation answer (422, like a query parameter of the wrong type), never a 500."""

    status = 422

    def __init__(self, message: str):
        super().__init__(message, code="validation")


class IdFilter(django_filters.Filter):
    """An object chosen by its id (organization, document, period…). Rendered as a drop-down whose options
    the page sets (`FilterSet.offer`): any id is accepted, one the user may not see simply matches nothing."""

    field_class = forms.IntegerField
    api_type = (int | None, None)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("widget", QuickSelect)  # up to 300 options: rendered in Python (issue #25)
        super().__init__(*args, **kwargs)


class CodeFilter(django_filters.ChoiceFilter):
    """One of a fixed set of codes (a status, a role, a document type); anything else is refused."""

    api_type = (str, "")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


class _NumberChoiceField(django_filters.fields.ChoiceField):
    def clean(self, value):
        value = super().clean(value)
        return int(value) if value not in ("", None) else None


class NumberCodeFilter(django_filters.ChoiceFilter):
    """One of a fixed set of numbered codes (the seven solution groups)."""

    field_class = _NumberChoiceField
    api_type = (int | None, None)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


class DateFilter(django_filters.DateFilter):
    """A day, typed dd/mm/yyyy on the pages (ISO yyyy-mm-dd is accepted too, as the API sends it)."""

    api_type = (dt.date | None, None)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs=DATE_PLACEHOLDER))
        super().__init__(*args, **kwargs)


class TextFilter(django_filters.CharFilter):
    api_type = (str, "")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)


class PeriodKeyFilter(django_filters.Filter):
    """A period chosen from a list in words («Quý II/2025»: core.periods, #21); its key («2025-Q2») narrows the
    list and is what the API's query parameter takes."""

    field_class = PeriodField
    api_type = (str, "")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank_label", "Tất cả các kỳ")
        super().__init__(*args, **kwargs)


class FlagFilter(django_filters.BooleanFilter):
    """A yes/no switch that narrows only when on (`open_only=true`)."""

    field_class = forms.BooleanField
    api_type = (bool, False)

    def filter(self, qs, value):
        return super().filter(qs, True) if value else qs


# The search index's lookup: (kind, words) → the matching ids as a subquery. The search app sits above
# every domain app (ADR 0002), so it registers the lookup when it starts rather than being imported here.
_word_lookup: Callable[[str, str], QuerySet] | None = None


def register_word_lookup(lookup: Callable[[str, str], QuerySet]) -> None:
    global _word_lookup
    _word_lookup = lookup


class WordsFilter(TextFilter):
    """The words typed in the list's search field, matched by the search index (accents ignored, each word
    the start of a word: ADR 0014), as a subquery of ids."""

    def __init__(self, kind: str, *args, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(pk__in=_word_lookup(self.kind, value))


class FilterSet(django_filters.FilterSet):
    """The filters of one list. `narrow` for callers that hold the parameters (the API, exports, other
    selectors); pages build the FilterSet themselves to render its form and its Vietnamese errors."""

    page_fields: tuple[str, ...] | None = None  # what the page's form shows; the others ride along hidden

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # As django-filter's, with two differences: no data is no filter (bound and valid), not an unbound
        # form; and each filter is copied shallowly, as only its `model` and `parent` are set per instance
        # (the deep copy of every filter, widget and choice list was most of a list API call's filtering).
        self.is_bound = True
        self.data = data if data is not None else {}
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(f) for name, f in self.base_filters.items()}
        for f in self.filters.values():
            f.model, f.parent = queryset.model, self
            if f.method is not None:
                f.method = f.method  # binds the method to this copy (and so to this FilterSet)

    @classmethod
    def get_form_class(cls):
        """The form's class, made once per FilterSet (django-filter makes one per request); every form
        copies its fields anyway."""
        if "_form_class" not in cls.__dict__:
            fields = {name: f.field for name, f in cls.base_filters.items()}
            cls._form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
        return cls._form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            for name, field in super().form.fields.items():
                if self.page_fields is not None and name not in self.page_fields:
                    field.widget = forms.HiddenInput()
        return self._form

    @classmethod
    def checked(cls, queryset: QuerySet, data: Mapping | None, **kwargs) -> "FilterSet":
        """The FilterSet of `data` over `queryset`, refused (InvalidFilters) if a value is not usable."""
        filterset = cls(data, queryset=queryset, **kwargs)
        if not filterset.is_valid():
            raise InvalidFilters(filterset.error_text())
        return filterset

    @classmethod
    def narrow(cls, queryset: QuerySet, data: Mapping | None, **kwargs) -> QuerySet:
        """`queryset` narrowed by `data` (InvalidFilters if a value is not usable)."""
        return cls.checked(queryset, data, **kwargs).qs

    def error_text(self) -> str:
        problems = "; ".join(
            f"{self.filters[name].label or name} ({name}): {' '.join(messages)}"
            for name, messages in self.form.errors.items()
        )
        return f"Điều kiện lọc không hợp lệ — {problems}"

    def rows(self) -> QuerySet:
        """For pages: the narrowed rows, or none while a value is invalid (the form shows why)."""
        return self.qs if self.is_valid() else self.queryset.none()

    def offer(self, name: str, choices, everything: str, title: str = "") -> None:
        """The options of an id drop-down on the page: "all", then `choices` as (id, label) pairs."""
        field = self.form.fields[name]
        field.widget.choices = [("", everything), *choices]
        if title:
            field.widget.attrs["title"] = title


def query_schema(filterset: type[FilterSet], name: str, *, base: type[Schema] = Schema,
                 module: str | None = None) -> type[Schema]:
    """The API's query parameters of a list, made from its FilterSet: the same names, each typed as the API
    documents it (ids and dates may be null, codes and words are strings). ninja checks the types; the
    FilterSet itself then checks and applies the values."""
    fields = {key: f.api_type for key, f in filterset.base_filters.items()}
    return create_model(name, __base__=base, __module__=module or filterset.__module__, **fields)
