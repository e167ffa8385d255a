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


CHART_HEIGHT = 110  # the forecast and retention charts' plotting height


@register.filter
def bar_height(count: int, peak: int) -> float:
    return round(CHART_HEIGHT * count / peak, 1) if peak else 0.0


@register.filter
def bar_top(count: int, peak: int) -> float:
    return round(CHART_HEIGHT - bar_height(count, peak), 1)


@register.filter
def share_y(part: int, whole: int) -> float:
    """Where a share (part of whole) sits on a 0-100 % axis drawn downwards from the top."""
    return round(CHART_HEIGHT - CHART_HEIGHT * part / whole, 1) if whole else float(CHART_HEIGHT)
