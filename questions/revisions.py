"""Saving a question as exactly one revision (django-simple-history), from every write path.

The bank loader, the admin and curation all save questions through here, so the history shows
one entry per change with who did it and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from accounts.models import User
from questions.models import Question, Tag

DELETED_ACCOUNT = "a deleted account"


def save_revision(
    question: Question,
    *,
    reason: str,
    user: User | None = None,
    tags: Iterable[Tag] | None = None,
    related: Iterable[Question] | None = None,
    created: bool = False,
) -> None:
    """Save `question` with its tags and related links (when given) as exactly one revision.

    `created` says that this revision is the question's first (it may have been saved without
    one already, as the bank loader does), so the history shows a creation.

    simple-history writes a revision on every save and on every m2m signal, and one `set()` may
    send two (remove, then add); so the links go in with history paused, and the single save
    after them records fields and links together, with the reason and the user who did it.
    """
    created = created or question.pk is None
    question._change_reason = reason[:100]  # type: ignore[attr-defined]
    if user is not None:
        question._history_user = user  # type: ignore[attr-defined]
    if created or tags is not None or related is not None:
        question.skip_history_when_saving = True  # type: ignore[attr-defined]
        try:
            if question.pk is None:
                question.save()
            if tags is not None:
                question.tags.set(tags)
            if related is not None:
                question.related.set(related)
        finally:
            del question.skip_history_when_saving  # type: ignore[attr-defined]
    question.save()
    if created:
        # The save above is the question's first revision: it records a creation, not a change.
        question.history.update(history_type="+")


def unattribute(*, user: User) -> None:
    """Take `user`'s name off every question and revision before their account is deleted.

    The questions stay. The live author column is SET_NULL by its foreign key, but the history's
    copy of it is a plain column (DO_NOTHING, no constraint), so it is cleared here; so is who made
    each revision. The reasons the site wrote name people ("Submitted by alice@example.com"), so
    their address and their current display name become "a deleted account" in the reasons of
    the revisions they made. A display name they used before and changed since is not known.
    """
    history = Question.history.model
    names = [re.escape(user.email)] + ([re.escape(user.display_name)] if user.display_name else [])
    # Whole words only, so a short display name does not eat into other words.
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(names)})(?!\w)", re.IGNORECASE)
    rows = list(history.objects.filter(history_user=user).exclude(history_change_reason=None))
    changed = []
    for row in rows:
        reason = pattern.sub(DELETED_ACCOUNT, row.history_change_reason)
        if reason != row.history_change_reason:
            row.history_change_reason = reason[:100]
            changed.append(row)
    history.objects.bulk_update(changed, ["history_change_reason"], batch_size=500)
    # Two updates: a curator's revision of `user`'s question keeps the curator's name.
    history.objects.filter(author=user).update(author=None)
    history.objects.filter(history_user=user).update(history_user=None)
    Question.objects.filter(author=user).update(author=None)
