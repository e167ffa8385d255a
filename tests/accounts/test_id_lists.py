"""accounts.id_lists.OneOf: the rows `__in` would find, with the ids sent as one parameter."""

from django.db import connection

from accounts.id_lists import OneOf
from accounts.models import User
from tests.factories import UserFactory


def ids_found(ids):
    return set(User.objects.filter(OneOf("id", ids)).values_list("id", flat=True))


class TestOneOf:
    def test_it_finds_what_in_finds(self, db):
        users = UserFactory.create_batch(5)
        wanted = [users[0].pk, users[2].pk, users[4].pk, 10_000_000]  # one id that no one has
        assert ids_found(wanted) == set(User.objects.filter(id__in=wanted).values_list("id", flat=True))
        assert ids_found(wanted) == {users[0].pk, users[2].pk, users[4].pk}

    def test_no_ids_find_nothing_and_repeats_count_once(self, db):
        user = UserFactory()
        assert ids_found([]) == set()
        assert ids_found([user.pk, user.pk]) == {user.pk}

    def test_it_combines_with_other_conditions_and_follows_relations(self, db):
        alice, bob = UserFactory(display_name="Alice"), UserFactory(display_name="Bob")
        assert set(User.objects.filter(OneOf("id", [alice.pk, bob.pk]), display_name="Bob")) == {bob}
        assert set(User.objects.exclude(OneOf("id", [alice.pk])).filter(pk__in=[alice.pk, bob.pk])) == {bob}

    def test_two_hundred_ids_are_one_parameter(self, db):
        users = UserFactory.create_batch(3)
        ids = [u.pk for u in users] + list(range(10_000_000, 10_000_197))
        sent = []

        def keep(execute, sql, params, many, context):
            sent.append(params)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            assert len(ids_found(ids)) == 3
        assert [len(params) for params in sent] == [1]
