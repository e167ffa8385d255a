"""A new row's slug: the first free one, even while other requests take slugs at the same moment.

Checking that a slug is free and then inserting it leaves a race: two requests both find
"study-group" free and both insert it, and the unique constraint turns the second into a 500.
So each insert runs in a savepoint, and when the constraint refuses the slug (another
transaction has committed it meanwhile) the next candidate is tried.

It lives in the project package beside api_errors.py and, like it, imports no app, so every
app may use it (tests/test_architecture.py checks that).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django.db import IntegrityError, transaction

T = TypeVar("T")


class SlugTaken(Exception):
    """Every candidate slug was taken."""


def suffixed(base: str, *, max_length: int) -> Iterator[str]:
    """base, base-2, base-3, ... each cut to `max_length`."""
    yield base[:max_length]
    n = 2
    while True:
        suffix = f"-{n}"
        yield f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
        n += 1


def create_with_free_slug(candidates: Iterable[str], *, taken: Callable[[str], bool], create: Callable[[str], T]) -> T:
    """`create(slug)` with the first candidate that `taken` does not name and the database accepts.

    Call it inside a transaction; `create` runs in a savepoint of its own. An IntegrityError that
    is not about the slug (`taken` still says it is free) is raised as it is. SlugTaken when no
    candidate is left.
    """
    for slug in candidates:
        if taken(slug):
            continue
        try:
            with transaction.atomic():
                return create(slug)
        except IntegrityError:
            if not taken(slug):
                raise
    raise SlugTaken
