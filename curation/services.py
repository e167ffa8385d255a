"""Curation: submissions and their review, problem reports, revisions and revert.

Every write here is one named, keyword-only function in one transaction, called by the pages,
the API and tests alike. A transition that the submission's state does not allow raises
IllegalTransition with a sentence a person can act on; nothing is changed then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from accounts.mail import queue_email
from accounts.models import Notification, User
from interviewprep.slugs import create_with_free_slug, suffixed
from questions.access import CURATOR_GROUP, is_curator
from questions.models import Category, Question, Report, Submission, Tag
from questions.revisions import save_revision
from questions.search.similar import likely_duplicates

S = Submission.Status


class IllegalTransition(Exception):
    """The submission's state does not allow this; the message says why."""


class MessageRequired(ValueError):
    """A decision that must say why came without text; `field` names the text that is missing.

    Pages show it under their message box and the API as a 400 on `field`, while a decision
    the status forbids stays an IllegalTransition (409).
    """

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def _required_text(text: str, *, field: str, message: str) -> str:
    if not text.strip():
        raise MessageRequired(message, field=field)
    return text.strip()


class SubmissionLimit(Exception):
    """The user has reached today's cap of submissions."""


class StaleEdit(IllegalTransition):
    """The question was saved by someone else after the editor opened it; saving their version
    would silently undo that change, so nothing was saved. `revision` is the latest one now."""

    def __init__(self, *, revision: int) -> None:
        super().__init__(
            "Someone else changed this question since you opened it; your changes are below, review and save again."
        )
        self.revision = revision


def latest_revision(question: Question) -> int:
    """The id of the question's newest revision: the version an edit starts from (every change
    to a question is a revision, see questions.revisions)."""
    history = question.history
    return history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def _require_latest(question: Question, based_on: int) -> None:
    """Refuse an edit made from an older revision. Called with the question's row locked, so no
    other edit can land between this check and the save."""
    current = latest_revision(question)
    if based_on != current:
        raise StaleEdit(revision=current)


def curators() -> list[User]:
    group = Group.objects.filter(name=CURATOR_GROUP).first()
    members = User.objects.filter(is_active=True).filter(is_staff=True)
    if group:
        members = members | User.objects.filter(is_active=True, groups=group)
    return list(members.distinct())


class Keep(Enum):
    """A field of Content that the edit leaves as it is (a submitter never sets last_reviewed)."""

    KEEP = "keep"


@dataclass
class Content:
    """What a submitter (or a curator moderating) writes; the fields of a question."""

    title: str
    category: Category
    difficulty: str
    kind: str
    scenario: str = ""
    answer: str = ""
    short_answer: str = ""
    key_points: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)
    # Answer format 2: indexes of the essential key points, the interviewer's probes, red flags.
    essential_points: list[int] = field(default_factory=list)
    follow_ups: list[dict[str, str]] = field(default_factory=list)
    pitfalls: list[str] = field(default_factory=list)
    # Only a curator says when the content was last checked; KEEP leaves the date it has.
    last_reviewed: date | None | Keep = Keep.KEEP
    # Only a curator editing a published question sets these; None leaves them as they are.
    commonly_asked: bool | None = None
    related: list[Question] | None = None
    also_asked_as: list[str] | None = None

    @classmethod
    def of(cls, question: Question) -> Content:
        return cls(
            title=question.title,
            category=question.category,
            difficulty=question.difficulty,
            kind=question.kind,
            scenario=question.body,
            answer=question.answer,
            short_answer=question.short_answer,
            key_points=list(question.key_points),
            tags=[t.slug for t in question.tags.all()],
            references=list(question.references),
            essential_points=list(question.essential_points),
            follow_ups=list(question.follow_ups),
            pitfalls=list(question.pitfalls),
            last_reviewed=question.last_reviewed,
            commonly_asked=question.commonly_asked,
            related=list(question.related.all()),
            also_asked_as=list(question.also_asked_as),
        )


def _slug_taken(slug: str) -> bool:
    return Question.objects.filter(slug=slug).exists()


def _tags(slugs: Sequence[str]) -> list[Tag]:
    tags = []
    for slug in dict.fromkeys(slugify(t) for t in slugs if slugify(t)):
        tag, _ = Tag.objects.get_or_create(slug=slug[:60], defaults={"name": slug.replace("-", " ")})
        tags.append(tag)
    return tags


def _apply(question: Question, content: Content, *, reason: str, user: User) -> None:
    question.title = content.title.strip()
    question.category = content.category
    question.difficulty = content.difficulty
    question.kind = content.kind
    question.body = content.scenario
    question.answer = content.answer
    question.short_answer = content.short_answer
    question.key_points = content.key_points
    question.references = content.references
    question.essential_points = content.essential_points
    question.follow_ups = content.follow_ups
    question.pitfalls = content.pitfalls
    if content.last_reviewed is not Keep.KEEP:
        question.last_reviewed = content.last_reviewed
    if content.commonly_asked is not None:
        question.commonly_asked = content.commonly_asked
    if content.also_asked_as is not None:
        question.also_asked_as = content.also_asked_as
    related = None if content.related is None else [q for q in content.related if q.pk != question.pk]
    save_revision(question, reason=reason, user=user, tags=_tags(content.tags), related=related)


def _save_status(question: Question, status: str, *, reason: str, user: User) -> None:
    question.status = status
    save_revision(question, reason=reason, user=user)


def notify(user: User | None, text: str, url: str = "") -> None:
    """Tell `user` in the site, and by email from the worker once the transaction has committed
    (accounts/mail.py); nobody when the account is gone (a submission outlives its submitter's
    account)."""
    if user is None:
        return
    Notification.objects.create(user=user, text=text[:500], url=url)
    body = f"{text}\n\n{settings.SITE_URL}{url}" if url else text
    queue_email(subject=f"[{settings.SITE_NAME}] {text[:80]}", body=body, to=[user.email])


def submissions_today(user: User, now: datetime) -> int:
    return Submission.objects.filter(submitter=user, created_at__gte=now - timedelta(days=1)).count()


@transaction.atomic
def submit_question(*, user: User, content: Content, now: datetime) -> Submission:
    """A new question in review, at the first free slug made from its title, within the daily cap.

    The user's row is locked while the cap is counted: without it, requests arriving together
    all count the same number and all pass. The slug retries on the unique constraint, so the
    same title submitted twice at once gets two slugs rather than a 500.
    """
    User.objects.select_for_update().only("pk").get(pk=user.pk)
    if submissions_today(user, now) >= settings.SUBMISSIONS_PER_DAY:
        raise SubmissionLimit(
            f"You can submit {settings.SUBMISSIONS_PER_DAY} questions a day; thank you, and please come back tomorrow."
        )

    def make(slug: str) -> Question:
        question = Question(slug=slug, status=Question.Status.IN_REVIEW, author=user, created_at=now)
        _apply(question, content, reason=f"Submitted by {user}", user=user)
        return question

    base = slugify(content.title)[:100].strip("-") or "question"
    question = create_with_free_slug(suffixed(base, max_length=100), taken=_slug_taken, create=make)
    return Submission.objects.create(question=question, submitter=user, created_at=now, updated_at=now)


# How a refused transition reads, by the state the submission is in.
WHY_NOT = {
    S.IN_REVIEW: "This submission is in review; it cannot be {action} yet.",
    S.CHANGES_REQUESTED: "Changes have already been requested for this submission; it cannot be {action} "
    "until the submitter edits it.",
    S.PUBLISHED: "This submission is already published; it can no longer be {action}.",
    S.REJECTED: "This submission was rejected; it can no longer be {action}.",
    S.WITHDRAWN: "This submission was withdrawn; it can no longer be {action}.",
}


def _require(submission: Submission, allowed: Sequence[str], action: str) -> None:
    if submission.status not in allowed:
        raise IllegalTransition(WHY_NOT[S(submission.status)].format(action=action))


def _locked(submission: Submission) -> Submission:
    # `of`: the submitter may be NULL (a deleted account), and PostgreSQL locks no outer-joined row.
    return (
        Submission.objects.select_for_update(of=("self", "question"))
        .select_related("question", "submitter")
        .get(pk=submission.pk)
    )


@transaction.atomic
def edit_submission(*, submission: Submission, user: User, content: Content, now: datetime) -> Submission:
    """The submitter revises their question; if changes were requested, it goes back to review."""
    submission = _locked(submission)
    if submission.submitter_id != user.pk:
        raise PermissionError("Only the submitter can edit a submission.")
    _require(submission, [S.IN_REVIEW, S.CHANGES_REQUESTED], "edited")
    _apply(submission.question, content, reason=f"Edited by the submitter, {user}", user=user)
    submission.status, submission.updated_at = S.IN_REVIEW, now
    submission.save(update_fields=["status", "updated_at"])
    return submission


@transaction.atomic
def withdraw_submission(*, submission: Submission, user: User, now: datetime) -> Submission:
    submission = _locked(submission)
    if submission.submitter_id != user.pk:
        raise PermissionError("Only the submitter can withdraw a submission.")
    _require(submission, [S.IN_REVIEW, S.CHANGES_REQUESTED], "withdrawn")
    _save_status(submission.question, Question.Status.ARCHIVED, reason=f"Withdrawn by the submitter, {user}", user=user)
    submission.status, submission.updated_at = S.WITHDRAWN, now
    submission.save(update_fields=["status", "updated_at"])
    return submission


@transaction.atomic
def moderate_edit(
    *, submission: Submission, curator: User, content: Content, based_on: int, now: datetime
) -> Submission:
    """A curator edits any field before deciding, from the revision `based_on` they opened;
    StaleEdit if the question has been saved since (by the submitter or another curator)."""
    submission = _locked(submission)
    _require(submission, [S.IN_REVIEW, S.CHANGES_REQUESTED], "edited")
    question = Question.objects.select_for_update().get(pk=submission.question_id)
    _require_latest(question, based_on)
    _apply(question, content, reason=f"Edited in moderation by {curator}", user=curator)
    submission.updated_at = now
    submission.save(update_fields=["updated_at"])
    return submission


@transaction.atomic
def approve_submission(*, submission: Submission, curator: User, now: datetime) -> Question:
    submission = _locked(submission)
    _require(submission, [S.IN_REVIEW, S.CHANGES_REQUESTED], "approved")
    question = submission.question
    _save_status(question, Question.Status.PUBLISHED, reason=f"Approved and published by {curator}", user=curator)
    submission.status, submission.reviewed_by, submission.updated_at, submission.message = S.PUBLISHED, curator, now, ""
    submission.save(update_fields=["status", "reviewed_by", "updated_at", "message"])
    notify(
        submission.submitter, f"Your question “{question.title}” is published. Thank you!", question.get_absolute_url()
    )
    return question


@transaction.atomic
def request_changes(*, submission: Submission, curator: User, message: str, now: datetime) -> Submission:
    _required_text(message, field="message", message="Say what should change: a message is required.")
    submission = _locked(submission)
    _require(submission, [S.IN_REVIEW], "sent back for changes")
    question = submission.question
    save_revision(question, reason=f"Changes requested by {curator}: {message.strip()}", user=curator)
    submission.status, submission.message = S.CHANGES_REQUESTED, message.strip()
    submission.reviewed_by, submission.updated_at = curator, now
    submission.save(update_fields=["status", "message", "reviewed_by", "updated_at"])
    url = reverse("submissions:detail", args=[submission.pk])
    notify(submission.submitter, f"A curator asked for changes to “{question.title}”: {message.strip()}", url)
    return submission


@transaction.atomic
def reject_submission(*, submission: Submission, curator: User, reason: str, now: datetime) -> Submission:
    _required_text(reason, field="reason", message="Give the submitter a reason: a reason is required.")
    submission = _locked(submission)
    _require(submission, [S.IN_REVIEW, S.CHANGES_REQUESTED], "rejected")
    _save_status(
        submission.question, Question.Status.REJECTED, reason=f"Rejected by {curator}: {reason.strip()}", user=curator
    )
    submission.status, submission.message = S.REJECTED, reason.strip()
    submission.reviewed_by, submission.updated_at = curator, now
    submission.save(update_fields=["status", "message", "reviewed_by", "updated_at"])
    url = reverse("submissions:detail", args=[submission.pk])
    notify(submission.submitter, f"“{submission.question.title}” was not accepted: {reason.strip()}", url)
    return submission


def forget_submitter(*, user: User) -> None:
    """The curation side of deleting `user`'s account (interviewprep.account_deletion).

    A submission that became a question stays, with no submitter: the question is the site's
    now. The others (in review, sent back, rejected, withdrawn) never were published, so they go
    with their draft question and its revisions. What `user` did as a curator (reviewed_by,
    resolved_by) is set to NULL by the foreign keys themselves.
    """
    unpublished = Submission.objects.filter(submitter=user).exclude(status=S.PUBLISHED)
    # Deleted one by one (the collector does), so django-simple-history drops each one's revisions.
    Question.objects.filter(submission__in=unpublished).delete()
    Submission.objects.filter(submitter=user).update(submitter=None)


def report_problem(*, question: Question, user: User, kind: str, comment: str, now: datetime) -> Report:
    if kind not in Report.Kind.values:
        raise ValueError(f"Unknown kind of problem: {kind}")
    return Report.objects.create(question=question, reporter=user, kind=kind, comment=comment.strip(), created_at=now)


@transaction.atomic
def resolve_report(*, report: Report, curator: User, resolution: str, now: datetime) -> Report:
    _required_text(resolution, field="resolution", message="Record what was done: a resolution is required.")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolved_at:
        raise IllegalTransition("This report is already resolved.")
    report.resolution, report.resolved_by, report.resolved_at = resolution.strip(), curator, now
    report.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    return report


@transaction.atomic
def edit_question(*, question: Question, curator: User, content: Content, reason: str, based_on: int) -> Question:
    """A curator edits a question outside moderation (typically a published one); `reason` says why
    and is what the revision records. Status is not content: it moves by approve, publish, archive.

    `based_on` is the revision the curator started from (latest_revision when they opened the
    question); if anyone has saved it since, StaleEdit and nothing is saved: `content` holds every
    field, so saving it would quietly undo the other change.
    """
    if not is_curator(curator):
        raise PermissionError("Only curators edit questions.")
    if not reason.strip():
        raise IllegalTransition("Say why you are editing: a reason is required.")
    question = Question.objects.select_for_update().get(pk=question.pk)
    submission = Submission.objects.filter(question=question).first()
    if submission is not None and submission.editable:
        raise IllegalTransition("This question is a submission still in review; edit it on its moderation page.")
    _require_latest(question, based_on)
    _apply(question, content, reason=reason.strip(), user=curator)
    return question


REVERTED_FIELDS = ("title", "body", "answer", "short_answer", "key_points", "essential_points", "references",
                   "follow_ups", "pitfalls", "last_reviewed", "difficulty", "kind", "category_id",
                   "commonly_asked", "also_asked_as")  # fmt: skip


@transaction.atomic
def revert_question(*, question: Question, history_id: int, user: User) -> Question:
    """Put the question's content back as it was at a revision; the revert is itself a new revision.

    The status stays as it is: it moves only through approve, publish and archive, so a question
    and its submission never disagree about whether it is live.
    """
    # Reloaded and locked: a caller's copy may be older than the latest approve or edit.
    question = Question.objects.select_for_update().get(pk=question.pk)
    record = question.history.filter(history_id=history_id).first()
    if record is None:
        raise IllegalTransition("No such revision of this question.")
    old = record.instance
    for name in REVERTED_FIELDS:
        setattr(question, name, getattr(old, name))
    save_revision(
        question,
        reason=f"Reverted to the revision of {record.history_date:%Y-%m-%d %H:%M} by {user}",
        user=user,
        tags=Tag.objects.filter(pk__in=[t.tag_id for t in record.tags.all()]),
        related=Question.objects.filter(pk__in=[r.to_question_id for r in record.related.all()]),
    )
    return question


def similar_questions(title: str, *, exclude: Question | None = None, limit: int = 5) -> list[Question]:
    """Published questions that may already ask what `title` asks: the search engine's likely
    duplicates (questions/search/similar.py), for the submit and moderation pages."""
    return likely_duplicates(title, exclude=exclude, limit=limit)
