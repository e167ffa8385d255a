"""What the API accepts, checked once for every endpoint: the JSON parser and the input fields.

A body the API cannot use is a 400 that says why, never a server error:

- JSON nested deeper than MAX_JSON_DEPTH is refused by the parser, before any view walks it
  (the standard library's decoder raises RecursionError on 2,000 levels, a 500);
- every request body of the API is an object, so a list, string, number or null is refused
  by the parser too (tests/test_api_schema.py checks the schema still says so);
- a string field takes only a string: DRF's fields turn 12 into "12" (and a view that did
  `str(request.data.get(...))` stored ['a', 'b']);
- an integer field is bounded, by default to PostgreSQL's `integer` column, so a value no
  column can hold is a field error rather than a DataError or SQLite's OverflowError.

Ids in addresses are bounded by the `id` path converter (interviewprep/paths.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

MAX_JSON_DEPTH = 20
# PostgreSQL's `integer`, the narrowest integer column of the databases we run on.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def nesting_depth(value: Any, limit: int) -> int:
    """How deep lists and objects nest in `value` (a scalar is 0), counting no further than `limit` + 1."""
    deepest = 0
    pending = [(value, 1)]
    while pending and deepest <= limit:
        item, depth = pending.pop()
        children: Iterable[Any]
        if isinstance(item, Mapping):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


class JSONObjectParser(JSONParser):
    """DRF's JSON parser, refusing what no endpoint of ours takes: deep nesting and bodies that are not objects."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        too_deep = ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if nesting_depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
            raise too_deep
        if not isinstance(data, dict):
            raise ParseError(f"Expected a JSON object ({{...}}), but got {type(data).__name__}.")
        return data


class StrictStringMixin:
    """Take only a string, as the schema says; DRF would turn a number into one."""

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {"not_a_string": "Not a valid string."}

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("not_a_string")  # type: ignore[attr-defined]
        return super().to_internal_value(data)  # type: ignore[misc]


class CharField(StrictStringMixin, serializers.CharField):
    pass


class SlugField(StrictStringMixin, serializers.SlugField):
    pass


class EmailField(StrictStringMixin, serializers.EmailField):
    pass


class URLField(StrictStringMixin, serializers.URLField):
    pass


class RegexField(StrictStringMixin, serializers.RegexField):
    pass


class ChoiceField(StrictStringMixin, serializers.ChoiceField):
    """One of the choices, given as a string: DRF's would take 1 for "1" and True for "True"."""


class IntegerField(serializers.IntegerField):
    """An integer within INT_MIN..INT_MAX unless told another range (an id goes up to interviewprep.paths.ID_MAX)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", INT_MIN)
        kwargs.setdefault("max_value", INT_MAX)
        super().__init__(**kwargs)


class ModelSerializer(serializers.ModelSerializer):
    """A model serializer whose generated fields are the strict ones above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: CharField,
        models.TextField: CharField,
        models.SlugField: SlugField,
        models.EmailField: EmailField,
        models.URLField: URLField,
        models.IntegerField: IntegerField,
        models.SmallIntegerField: IntegerField,
        models.PositiveIntegerField: IntegerField,
        models.PositiveSmallIntegerField: IntegerField,
    }
