"""FSRS fitted to each user, as a background job: ask for a fit, run it, reset it.

The maths is practice.fitting (pure); this module reads the user's review log, runs it, and
keeps the result: the fitted parameters schedule the user's questions (StudySettings.
fsrs_parameters) only when they predict the user's own reviews better than those in use.
"""

from __future__ import annotations

import logging
import statistics
import time
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks import task

from accounts import page_version
from accounts.models import User
from practice.fitting import (
    DEFAULT_PARAMETERS,
    MIN_REVIEWS,
    NotEnoughReviews,
    Review,
    fit_parameters,
    recommend_retention,
)
from practice.models import Attempt, ParameterFit, StudySettings
from questions.models import Question

logger = logging.getLogger(__name__)

# A fit still queued or running after this long is taken for lost (a worker that died) and may
# be asked for again.
STALE_AFTER = timedelta(hours=1)
# Fitted again on its own (manage.py fit_parameters) once the log has grown this much since.
REFIT_GROWTH = 1.2
DEFAULT_SECONDS_PER_REVIEW = 120.0
HORIZON_DAYS = 365  # without an interview date, the recommendation looks a year ahead


@transaction.atomic
def request_fit(*, user: User, now: datetime) -> ParameterFit:
    """Queue a fit of `user`'s parameters (practice.tasks.fit_parameters_job); asking again while
    one is queued or running changes nothing."""
    fit, created = ParameterFit.objects.select_for_update().get_or_create(user=user, defaults={"requested_at": now})
    if not created and fit.pending and now - fit.requested_at < STALE_AFTER:
        return fit
    fit.status, fit.requested_at, fit.finished_at, fit.message = ParameterFit.Status.QUEUED, now, None, ""
    fit.save()
    # The database backend writes the job in this transaction: it exists only if the fit row does.
    fit_parameters_job.enqueue(user.pk)
    return fit


def wants_fit(*, reviews: int, last_fit_reviews: int | None, pending: bool) -> bool:
    """Whether to fit a user on their own (pure): enough reviews, no fit running, and either never
    fitted or with REFIT_GROWTH times the reviews of the last fit."""
    if pending or reviews < MIN_REVIEWS:
        return False
    return last_fit_reviews is None or reviews >= last_fit_reviews * REFIT_GROWTH


def enqueue_due_fits(*, now: datetime) -> int:
    """Queue a fit for everyone whose review log asks for one (wants_fit); returns how many.
    One query for the users and their review counts, one for their last fits."""
    users = (
        User.objects.filter(is_active=True)
        .annotate(reviews=Count("attempts"))
        .filter(reviews__gte=MIN_REVIEWS)
        .order_by("pk")
    )
    rows = list(users)
    fits = {f.user_id: f for f in ParameterFit.objects.filter(user__in=[u.pk for u in rows])}
    count = 0
    for user in rows:
        fit = fits.get(user.pk)
        stale = fit is not None and fit.pending and now - fit.requested_at >= STALE_AFTER
        pending = fit is not None and fit.pending and not stale
        last = fit.reviews if fit is not None and fit.status == ParameterFit.Status.DONE else None
        if wants_fit(reviews=user.reviews, last_fit_reviews=last, pending=pending):
            request_fit(user=user, now=now)
            count += 1
    return count


def review_log(user: User) -> list[Review]:
    """Every grade `user` gave, oldest first: one card per question."""
    rows = (
        Attempt.objects.filter(user=user).order_by("created_at", "id").values_list("question_id", "grade", "created_at")
    )
    return [Review(card=q, grade=g, at=at) for q, g, at in rows]


def _seconds_per_review(user: User) -> float:
    recent = list(
        Attempt.objects.filter(user=user, seconds_taken__gt=0)
        .order_by("-created_at")
        .values_list("seconds_taken", flat=True)[:500]
    )
    return float(statistics.median(recent)) if recent else DEFAULT_SECONDS_PER_REVIEW


def run_fit(*, user: User, now: datetime) -> ParameterFit:
    """Fit `user`'s parameters now and keep what it found (the job's body)."""
    fit, _ = ParameterFit.objects.get_or_create(user=user, defaults={"requested_at": now})
    fit.status = ParameterFit.Status.RUNNING
    fit.save(update_fields=["status"])
    settings, _ = StudySettings.objects.get_or_create(user=user)
    reviews = review_log(user)
    started = time.perf_counter()
    try:
        result = fit_parameters(reviews, day_of=user.day_clock().day_of, current=settings.fsrs_parameters)
    except NotEnoughReviews as exc:
        fit.status, fit.reviews, fit.message, fit.finished_at = (
            ParameterFit.Status.NOT_ENOUGH,
            len(reviews),
            str(exc),
            now,
        )
        fit.save()
        return fit
    except Exception:
        logger.exception("Fitting FSRS parameters failed for user %s", user.pk)
        fit.status, fit.message, fit.finished_at = ParameterFit.Status.FAILED, "The optimiser failed.", now
        fit.save()
        raise
    in_use = result.parameters or (tuple(settings.fsrs_parameters) if settings.fsrs_parameters else DEFAULT_PARAMETERS)
    today = user.day_clock().day_of(now)
    interview = settings.interview_date
    horizon = (interview - today).days if interview and interview > today else HORIZON_DAYS
    fit.recommended_retention = recommend_retention(
        in_use,
        questions=Question.objects.published().count(),
        new_per_day=settings.new_per_day,
        horizon_days=horizon,
        seconds_per_review=_seconds_per_review(user),
    )
    fit.seconds = time.perf_counter() - started
    fit.status, fit.finished_at, fit.reviews = ParameterFit.Status.DONE, now, result.reviews
    fit.log_loss_before, fit.log_loss_after, fit.kept = result.log_loss_before, result.log_loss_after, result.kept
    fit.parameters = list(result.parameters) if result.parameters else None
    fit.message = (
        "Your own parameters now schedule your questions."
        if result.kept
        else "The fitted parameters did not predict your reviews better; the ones in use stay."
    )
    with transaction.atomic():
        fit.save()
        if result.kept:
            StudySettings.objects.filter(pk=settings.pk).update(fsrs_parameters=list(result.parameters or ()))
    return fit


@transaction.atomic
def reset_parameters(*, user: User) -> None:
    """Schedule with FSRS's default parameters again; the last fit's report stays for reference."""
    StudySettings.objects.filter(user=user).update(fsrs_parameters=None)
    ParameterFit.objects.filter(user=user).update(kept=False, message="Reset: the default parameters schedule again.")
    page_version.bump([user.pk])


@task()
def fit_parameters_job(user_id: int) -> str:
    """The background job request_fit enqueues (run by `manage.py db_worker`)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:  # the account was deleted meanwhile
        return "gone"
    return run_fit(user=user, now=timezone.now()).status
