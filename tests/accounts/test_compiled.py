"""accounts.compiled.Compiled: built and compiled once, then the rows the ORM would give for each call's values."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count, Max, Q

from accounts.compiled import MARK_ID, MARK_IDS, MARK_TIME, Compiled
from accounts.id_lists import OneOf
from accounts.models import User
from practice.models import Attempt
from tests.factories import AttemptFactory, UserFactory

NOW = datetime(2026, 3, 4, 12, 30, 15, 250_000, tzinfo=UTC)


def activity(users, now, since, owner):
    """Each of `users` with their attempts since `since`, their last attempt and whether they are `owner`."""
    return (
        User.objects.filter(OneOf("id", users), date_joined__lte=now)
        .values_list("id", "email")
        .annotate(
            recent=Count("attempts", filter=Q(attempts__created_at__gte=since)),
            last=Max("attempts__created_at"),
            owner=Count("id", filter=Q(id=owner), distinct=True),
        )
        .order_by("id")
    )


@pytest.fixture
def people(db):
    users = UserFactory.create_batch(3, date_joined=NOW - timedelta(days=400))
    late = UserFactory(date_joined=NOW + timedelta(days=1))  # not yet joined at NOW
    for days, user in ((1, users[0]), (3, users[0]), (10, users[1]), (2, late)):
        AttemptFactory(user=user, created_at=NOW - timedelta(days=days, microseconds=1))
    return [*users, late]


def compiled_activity(calls):
    def build(users, now, owner):
        calls.append(now)
        return activity(users, now, now - timedelta(days=7), owner)

    return Compiled(
        build,
        markers={"users": MARK_IDS, "now": MARK_TIME, "owner": MARK_ID},
        derived={"since": lambda v: v["now"] - timedelta(days=7)},
    )


def test_it_gives_the_orms_rows_for_each_calls_values_and_builds_once(people):
    calls: list[datetime] = []
    query = compiled_activity(calls)
    ids = [u.pk for u in people]
    for now, users, owner in (
        (NOW, ids, ids[0]),
        (NOW + timedelta(days=5), ids[1:], ids[1]),  # the attempt 3 days back has left the week
        (NOW + timedelta(days=2), [ids[0], ids[3], 10_000_000], ids[3]),  # the late one has joined
        (NOW, [], ids[0]),
    ):
        expected = list(activity(users, now, now - timedelta(days=7), owner))
        assert query.rows(users=users, now=now, owner=owner) == expected
    assert calls == [MARK_TIME]  # built once, with the markers
    first = query.rows(users=ids, now=NOW, owner=ids[0])[0]
    assert first[2:] == (2, Attempt.objects.filter(user=people[0]).latest("created_at").created_at, 1)
    assert isinstance(first[3], datetime) and first[3].tzinfo is not None  # SQLite's text read back as an instant


def test_a_value_made_from_a_marker_and_not_named_is_refused(people):
    query = Compiled(
        lambda users, now, owner: activity(users, now, now - timedelta(days=30), owner),
        markers={"users": MARK_IDS, "now": MARK_TIME, "owner": MARK_ID},
        derived={"since": lambda v: v["now"] - timedelta(days=7)},  # not what the query computes
    )
    with pytest.raises(AssertionError, match="derived"):
        query.rows(users=[people[0].pk], now=NOW, owner=people[0].pk)


def test_an_unnamed_value_from_a_list_marker_is_refused_on_either_database(people):
    # The list goes in as an array (PostgreSQL) or as JSON text (SQLite); a second list made
    # from the first and not named is caught in either form.
    query = Compiled(
        lambda users, now, owner: activity(users, now, now - timedelta(days=7), owner).filter(OneOf("id", [*users, 1])),
        markers={"users": MARK_IDS, "now": MARK_TIME, "owner": MARK_ID},
        derived={"since": lambda v: v["now"] - timedelta(days=7)},
    )
    with pytest.raises(AssertionError, match="derived"):
        query.rows(users=[people[0].pk], now=NOW, owner=people[0].pk)
