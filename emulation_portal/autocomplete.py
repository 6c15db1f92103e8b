"""Pickers for lists that can be long (organisations, people): a search endpoint and form fields.

A field names a **scope**: a function registered by the app that owns the rule (its
`autocomplete.py`), taking the user and the context ids the form was built with and returning
the same scoping selector from the app's `permissions.py` that the form's queryset comes from.
The client names the scope and the ids, never a queryset; the scope checks the user may act
on the context (PermissionDenied otherwise). `/autocomplete/<scope>/?q=…` searches the scope
with Vietnamese folding on name and code and answers at most `LIMIT` results as JSON.

A choice is written as its **label**, "Sở Xây dựng [DT-SXD]": the key in brackets (an
organisation's code, a person's id) is what the field looks up in its queryset. Typed text
without a key is accepted when it names exactly one entry (name, short name or code, folded),
and a bare id too, so the fields work without JavaScript: the widget is a plain text input (a
textarea, one entry a line, for several) that `static/js/autocomplete.js` turns into a WAI-ARIA
combobox whose choice writes the label into that input.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .params import ID_MAX, BadParameter, id_param, parse_int, text_param, year_param
from .text import fold

LIMIT = 20
# Folding costs ~50 µs a name, half a second over a province's units; names change seldom, so
# each process keeps the folded forms it has computed (a few MB for every unit and person).
_folded = functools.lru_cache(maxsize=200_000)(fold)
KEYED = re.compile(r"^(?P<text>.*?)\s*\[(?P<key>[^\[\]]+)\]$", re.S)


@dataclass(frozen=True)
class Kind:
    """How entries of one model are searched, shown and written."""

    key: str  # the field written in brackets and looked up
    text: str  # what the entry is called
    search: tuple[str, ...]  # fields searched and matched, folded
    detail: tuple[str, ...] = ()  # shown next to the text in the suggestions

    def label(self, row: dict) -> str:
        # Stripped: an entry without a name (an account never given one) is its key alone, as
        # the posted value is stripped too and a round trip must change nothing.
        return f"{row[self.text] or ''} [{row[self.key]}]".strip()


ORGANIZATIONS = Kind(key="code", text="name", search=("name", "short_name", "code"))
PEOPLE = Kind(
    key="pk", text="full_name", search=("full_name",), detail=("position", "organization__name")
)
# Accounts: the user name is unique and readable, so it is the key ("Trần Văn Xây [xaydung]").
USERS = Kind(key="username", text="full_name", search=("full_name", "username", "email"))


@dataclass(frozen=True)
class Scope:
    kind: Kind
    params: tuple[str, ...]  # context ids, each required
    choices: Callable  # (user, **ids) -> queryset; PermissionDenied / Http404 if not allowed


SCOPES: dict[str, Scope] = {}


def register(name: str, kind: Kind, params: tuple[str, ...] = ()):
    """Declare a scope: `@register("membership_candidates", ORGANIZATIONS, ("bloc", "year"))`."""

    def decorate(function):
        SCOPES[name] = Scope(kind, params, function)
        return function

    return decorate


# Searching and resolving ---------------------------------------------------------------------


def _rows(queryset, kind: Kind):
    fields = dict.fromkeys(("pk", kind.key, kind.text, *kind.search, *kind.detail))
    return queryset.values(*fields)


def search(queryset, kind: Kind, q: str, limit: int = LIMIT) -> tuple[list[dict], bool]:
    """Entries whose folded name or code contains every folded word of `q`, those starting with
    the first word first, in the queryset's order otherwise. Folding is done here rather than
    in SQL: the database has no accent-insensitive match on SQLite, and a scope holds a few
    thousand rows at most (a province's units, the people of a proposal's units)."""
    words = fold(q).split()
    rows = _rows(queryset, kind)
    if not words:  # nothing typed yet: the first entries, in the scope's order
        found = list(rows[: limit + 1])
        return [_result(kind, row) for row in found[:limit]], len(found) > limit
    starting, containing = [], []
    for row in rows:
        keys = [_folded(str(row[f] or "")) for f in kind.search]
        haystack = " ".join(keys)
        if all(word in haystack for word in words):
            starts = any(k.startswith(words[0]) for k in keys)
            (starting if starts else containing).append(row)
            if len(starting) > limit:
                break
    found = starting + containing
    return [_result(kind, row) for row in found[:limit]], len(found) > limit


def _result(kind: Kind, row: dict) -> dict:
    return {
        "value": kind.label(row),
        "text": row[kind.text],
        "detail": " · ".join(str(row[f]) for f in (kind.key, *kind.detail) if row[f]),
    }


def label_of(queryset, kind: Kind, value) -> str:
    """The label of an instance or id (as a form shows it); other values are shown as given."""
    pk = _id(getattr(value, "pk", value))
    if pk is not None and queryset is not None:
        # Within the scope: a crafted id shown back never names what the user may not see.
        row = _rows(queryset.filter(pk=pk), kind).first()
        if row is not None:
            return kind.label(row)
    return "" if value is None else str(value)


def _id(value) -> int | None:
    """An id the database can hold, from an int or a string of ASCII digits."""
    return parse_int(str(value), min_value=1, max_value=ID_MAX) if value is not None else None


def resolve(queryset, kind: Kind, typed: str):
    """The one entry of `queryset` that `typed` names; ValidationError saying why not."""
    typed = typed.replace("\x00", "").strip()  # PostgreSQL refuses NUL in a query
    if typed.isascii() and typed.isdigit():
        pk = _id(typed)
        matches = queryset.filter(pk=pk) if pk else queryset.none()
    elif keyed := KEYED.match(typed):
        key = keyed["key"].strip()
        if kind.key == "pk":
            key = _id(key)
        matches = queryset.filter(**{kind.key: key}) if key else queryset.none()
    else:
        wanted = fold(typed)
        pks = {
            row["pk"]
            for row in _rows(queryset, kind)
            if any(_folded(str(row[f] or "")) == wanted for f in kind.search)
        }
        if len(pks) > 1:
            raise ValidationError(
                _("“%(value)s” trùng với %(count)d mục; hãy chọn trong danh sách gợi ý."),
                code="ambiguous",
                params={"value": typed[:100], "count": len(pks)},
            )
        matches = queryset.filter(pk__in=pks)
    found = list(matches[:1])
    if not found:
        raise ValidationError(
            _("Không tìm thấy “%(value)s” trong danh sách được chọn."),
            code="invalid_choice",
            params={"value": typed[:100]},
        )
    return found[0]


# Form fields ---------------------------------------------------------------------------------


# What the script says, in the page's language: the count announced to screen readers, the
# search box's placeholder.
SCRIPT_TEXT = {
    "data-found": _("kết quả"),
    "data-none": _("Không có kết quả."),
    "data-placeholder": _("Gõ để tìm rồi chọn…"),
}


class AutocompleteInput(forms.TextInput):
    """A text input; the script makes it a combobox searching `data-autocomplete`."""

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", **SCRIPT_TEXT, **(attrs or {})}
        )


class AutocompleteTextarea(forms.Textarea):
    """Several entries, one a line; the script adds a search box above it."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 4, "spellcheck": "false", **SCRIPT_TEXT, **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        # Several values under one name (ids posted by a script or a test) are lines too.
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        values = [str(v) for v in values if v is not None]
        return "\n".join(values) if values else None


class _Scoped:
    """Shared by both fields: the kind, the scope's URL on the widget."""

    def set_scope(self, queryset, scope: str, **ids) -> None:
        """The field's choices (from the app's scoping selector) and the scope the endpoint
        serves them from: the same selector, registered under `scope`."""
        if SCOPES[scope].params != tuple(ids):  # a programming error, caught by any test
            raise TypeError(f"scope {scope} takes {SCOPES[scope].params}, not {tuple(ids)}")
        self.queryset = queryset
        url = reverse("autocomplete", args=[scope])
        self.widget.attrs["data-autocomplete"] = f"{url}?{urlencode(ids)}" if ids else url


class AutocompleteField(_Scoped, forms.ModelChoiceField):
    """One organisation or person, chosen from a scope that may hold thousands."""

    widget = AutocompleteInput

    def __init__(self, kind: Kind, **kwargs):
        self.kind = kind
        kwargs.setdefault("help_text", _("Gõ vài chữ của tên hoặc mã rồi chọn trong danh sách."))
        super().__init__(queryset=None, **kwargs)

    def prepare_value(self, value):
        return label_of(self.queryset, self.kind, value)

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        return resolve(self.queryset, self.kind, str(value))

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != (data or "").strip()


def searched(
    select: forms.ModelChoiceField, kind: Kind, queryset, scope: str, *, help_text=None, **ids
):
    """A picker in place of `select` (label, required, initial kept), for a queryset that may be
    long; forms keep the select when it holds one entry, which there is nothing to search.
    Without `help_text` the picker says how to search."""
    hint = {} if help_text is None else {"help_text": help_text}
    field = AutocompleteField(
        kind, label=select.label, required=select.required, initial=select.initial, **hint
    )
    field.set_scope(queryset, scope, **ids)
    return field


class AutocompleteMultipleField(_Scoped, forms.Field):
    """Several entries, one a line; every line is resolved and each error names its line, so
    the whole list is accepted or refused together."""

    widget = AutocompleteTextarea
    # Bounded like every text field: a few hundred lines, checked before any line is looked up.
    max_length = 20_000

    def __init__(self, kind: Kind, **kwargs):
        self.kind = kind
        self.queryset = None
        kwargs.setdefault(
            "help_text",
            _("Mỗi dòng một mục; gõ vài chữ của tên hoặc mã rồi chọn trong danh sách."),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(label_of(self.queryset, self.kind, v) for v in value)
        return label_of(self.queryset, self.kind, value)

    def to_python(self, value):
        MaxLengthValidator(self.max_length)(str(value or ""))
        found, errors = {}, []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = resolve(self.queryset, self.kind, line)
            except ValidationError as error:
                errors += [
                    ValidationError(_("Dòng %(line)d: %(error)s"), params={"line": number,
                                                                         "error": message})
                    for message in error.messages
                ]  # fmt: skip
                continue
            found.setdefault(entry.pk, entry)
        if errors:
            raise ValidationError(errors)
        return list(found.values())


# The endpoint --------------------------------------------------------------------------------


def autocomplete(request, scope):
    """Suggestions for a scope: `{"results": [{"value", "text", "detail"}], "more": bool}`.
    An unknown scope is a 404, a missing or junk context id a 400 naming it, a context the
    user may not act on a 403 (raised by the scope)."""
    found = SCOPES.get(scope)
    if found is None:
        raise Http404
    ids = {
        name: (year_param if name == "year" else id_param)(request, name, strict=True)
        for name in found.params
    }
    q = text_param(request, "q")
    for name, value in ids.items():
        if value is None:
            raise BadParameter(_("Thiếu tham số “%(name)s”.") % {"name": name})
    results, more = search(found.choices(request.user, **ids), found.kind, q)
    return JsonResponse({"results": results, "more": more})
