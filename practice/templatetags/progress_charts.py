"""Small helpers for the server-rendered SVG charts."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


@register.filter
def scale(value: float | None, width: int) -> float:
    """A share (0-1) as a length out of `width`."""
    return round((value or 0) * width, 1)


@register.filter
def times(value: int, factor: int) -> int:
    return value * factor
