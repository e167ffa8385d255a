"""Chart geometry for the server-drawn SVGs of schedules: a question's forgetting curve, the
due forecast and retention over time. Plain numbers in, coordinates out; the templates draw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from practice.models import ReviewState
from practice.scheduling import Rules, forgetting_curve

CURVE_DAYS = 60
WIDTH, HEIGHT = 600, 160


@dataclass
class Curve:
    points: str  # an SVG polyline's points
    days: int
    today: float  # recall probability now
    due_x: float | None  # where the next review falls, if within the chart
    target: float  # the desired retention, drawn as a line
    target_y: float
    ticks: list[tuple[float, str]]  # (x, label) along the days axis


def _y(p: float) -> float:
    return round(HEIGHT - p * HEIGHT, 1)


def forgetting_curve_of(
    state: ReviewState | None, now: datetime, rules: Rules, *, days: int = CURVE_DAYS
) -> Curve | None:
    """The question's recall probability day by day from now, as FSRS predicts it with the user's
    parameters; None for a question never reviewed."""
    if state is None or not state.reps:
        return None
    values = forgetting_curve(state.memory(), now, days, rules=rules)
    step = WIDTH / max(days - 1, 1)
    points = " ".join(f"{round(i * step, 1)},{_y(p)}" for i, p in enumerate(values))
    ahead = (state.due - now).total_seconds() / 86400
    due_x = round(max(0.0, ahead) * step, 1) if ahead < days else None
    ticks = [(round(d * step, 1), f"{d}d" if d else "now") for d in range(0, days, 10)]
    return Curve(points, days, values[0], due_x, rules.desired_retention, _y(rules.desired_retention), ticks)
