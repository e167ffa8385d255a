"""Which questions confuse people or need a curator's work, from signals already recorded.

One query for a page, whatever the size of the bank or the number of attempts: attempts are
aggregated in a join, open reports in a subquery (so the two never multiply each other).
"""

from __future__ import annotations

from django.db.models import Avg, Count, F, FloatField, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, NullIf

from questions.models import Question, Report

MIN_ATTEMPTS = 3  # a share of hard grades means little below this

SIGNALS = {
    "confusing": "Most “again” and “hard” grades",
    "low-coverage": "Lowest key-point coverage",
    "reported": "Most open problem reports",
    "never-attempted": "Never attempted",
    "oldest": "Longest without a revision",
}
# What a signal leaves out, said on the page, so an empty list is not read as "nobody struggles".
SIGNAL_NOTES = {
    "confusing": f"Shown from {MIN_ATTEMPTS} attempts on: below that a share of hard grades says too little.",
    "low-coverage": "Only questions with attempts that recorded key-point coverage.",
}
EMPTY_NOTES = {
    "confusing": f"No question has {MIN_ATTEMPTS} attempts yet, so none is ranked by its grades.",
}


def with_signals(questions: QuerySet[Question]) -> QuerySet[Question]:
    open_reports = (
        Report.objects.filter(question=OuterRef("pk"), resolved_at__isnull=True)
        .order_by()
        .values("question")
        .annotate(n=Count("id"))
        .values("n")
    )
    return questions.select_related("category").annotate(
        n_attempts=Count("attempts"),
        n_struggled=Count("attempts", filter=Q(attempts__grade__in=["again", "hard"])),
        coverage=Avg("attempts__coverage"),
        open_reports=Coalesce(Subquery(open_reports, output_field=IntegerField()), Value(0)),
        struggle=Cast(F("n_struggled"), FloatField()) / NullIf(Cast(F("n_attempts"), FloatField()), 0.0),
    )


def rank_questions(signal: str) -> QuerySet[Question]:
    # The signals are annotations (with_signals), which the stubs' field check cannot see.
    questions = with_signals(Question.objects.published())
    if signal == "confusing":
        return questions.filter(n_attempts__gte=MIN_ATTEMPTS).order_by(F("struggle").desc(nulls_last=True), "title")  # type: ignore[misc]
    if signal == "low-coverage":
        return questions.filter(coverage__isnull=False).order_by("coverage", "title")  # type: ignore[misc]
    if signal == "reported":
        return questions.filter(open_reports__gt=0).order_by("-open_reports", "title")  # type: ignore[misc]
    if signal == "never-attempted":
        return questions.filter(n_attempts=0).order_by("created_at", "title")  # type: ignore[misc]
    return questions.order_by("updated_at", "title")
