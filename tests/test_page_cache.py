"""Pages and API answers about the bank come from the cache, and every change to the bank shows
on the next request, for anonymous visitors and signed-in users alike (interviewprep/page_cache.py)."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.test import Client
from django.utils import timezone

from accounts.models import Notification, User
from interviewprep.page_cache import fresh_for
from practice.models import ReviewState
from practice.question_pages import STARTED_SALT
from practice.services import record_attempt, toggle_bookmark, update_study_settings
from questions.bank.loading import import_bank
from questions.models import BankVersion, Question
from teams.models import Membership, Role
from teams.services import create_plan, create_team
from tests.conftest import client_for
from tests.factories import QuestionFactory, TagFactory, UserFactory
from tests.questions.test_bank import CATEGORIES, GOOD, write

LIST = "/questions/"
API = "/api/v1/questions/"


def detail(slug: str) -> str:
    return f"/questions/{slug}/"


@pytest.fixture
def visitor(db) -> Client:
    # Signed in, the home page and the list are personal (your day, your marks): never cached.
    return Client()


def cached(client: Client, url: str, **extra) -> str:
    """The page twice: the second answer must come from the cache (no template rendered but the
    signed-in header)."""
    first = client.get(url, **extra)
    assert first.status_code == 200
    second = client.get(url, **extra)
    assert second.status_code == 200
    assert {t.name for t in second.templates} <= {"_site_header.html"}, "not served from the cache"
    return second.content.decode()


def fresh(client: Client, url: str, **extra) -> str:
    """The page, made afresh for this request (not from the cache)."""
    response = client.get(url, **extra)
    assert response.status_code == 200
    assert {t.name for t in response.templates} - {"_site_header.html"}, "served from the cache"
    return response.content.decode()


class TestTheBankVersion:
    def test_saving_deleting_and_tagging_a_question_each_move_it(self, db):
        numbers = [BankVersion.current()]
        question = QuestionFactory()
        numbers.append(BankVersion.current())
        question.title = "Another title"
        question.save()
        numbers.append(BankVersion.current())
        question.tags.add(TagFactory())
        numbers.append(BankVersion.current())
        Question.objects.filter(pk=question.pk).update(commonly_asked=True)
        numbers.append(BankVersion.current())
        question.delete()
        numbers.append(BankVersion.current())
        assert len(set(numbers)) == len(numbers)

    def test_reading_it_is_one_query(self, db, django_assert_num_queries):
        with django_assert_num_queries(1):
            BankVersion.current()


class TestAChangeShowsOnTheNextRequest:
    def test_an_edit(self, visitor, small_bank):
        assert "What does a convolution layer compute?" in cached(visitor, LIST)
        small_bank.convolution.title = "What does a convolution compute, exactly?"
        small_bank.convolution.save()
        page = visitor.get(LIST).content.decode()
        assert "What does a convolution compute, exactly?" in page
        assert "What does a convolution layer compute?" not in page

    def test_an_edit_on_the_question_page_and_in_the_api(self, client, small_bank):
        assert "Posterior is prior times likelihood." in cached(client, detail("bayes-rule"))
        assert "State Bayes" in cached(client, API)
        small_bank.bayes.answer = "The posterior is proportional to prior times likelihood."
        small_bank.bayes.title = "Bayes' rule on a medical test"
        small_bank.bayes.save()
        assert "proportional to prior times likelihood" in client.get(detail("bayes-rule")).content.decode()
        assert "Bayes' rule on a medical test" in client.get(API).content.decode()

    def test_an_archive(self, visitor, small_bank):
        assert "How does a vision transformer split an image?" in cached(visitor, LIST)
        assert visitor.get(detail("vision-transformer")).status_code == 200
        small_bank.vit.status = Question.Status.ARCHIVED
        small_bank.vit.save()
        assert "How does a vision transformer split an image?" not in visitor.get(LIST).content.decode()
        assert visitor.get(detail("vision-transformer")).status_code == 404

    def test_an_import(self, visitor, small_bank, tmp_path):
        cached(visitor, LIST)
        bank = write(tmp_path / "bank", {"categories.yaml": CATEGORIES, "vision/convolution.md": GOOD})
        assert import_bank([bank]).ok
        title = Question.objects.get(slug="convolution").title
        assert title in visitor.get(LIST).content.decode()

    def test_a_new_tag(self, visitor, small_bank):
        assert "attention-maps" not in cached(visitor, LIST)
        small_bank.vit.tags.add(TagFactory(slug="attention-maps", name="attention maps"))
        page = visitor.get(LIST).content.decode()
        assert "attention maps" in page and "?tag=attention-maps" in page

    def test_a_renamed_category_on_the_home_page(self, visitor, small_bank):
        assert "Statistics" in cached(visitor, "/")
        small_bank.stats.name = "Probability and statistics"
        small_bank.stats.save()
        assert "Probability and statistics" in visitor.get("/").content.decode()


class TestWhatIsNotShared:
    def test_staff_and_members_never_get_each_others_copy(self, db, small_bank):
        staff = client_for(UserFactory(is_staff=True))
        member = client_for(UserFactory())
        assert "An unfinished draft about convolution" in cached(staff, LIST)
        assert "An unfinished draft about convolution" not in cached(member, LIST)
        assert "An unfinished draft about convolution" not in cached(Client(), LIST)
        assert "An unfinished draft about convolution" in staff.get(LIST).content.decode()

    def test_the_header_is_each_users_own(self, db, small_bank):
        alice, bob = UserFactory(email="alice@example.com"), UserFactory(email="bob@example.com")
        assert "alice@example.com" in cached(client_for(alice), LIST)
        page = cached(client_for(bob), LIST)
        assert "bob@example.com" in page and "alice@example.com" not in page
        assert "Log in" in cached(Client(), LIST) and "bob@example.com" not in cached(Client(), LIST)

    def test_a_users_own_grade_updates_their_due_count_at_once(self, db, small_bank):
        alice = UserFactory()
        now = timezone.now()
        ReviewState.objects.create(user=alice, question=small_bank.bayes, due=now - timedelta(days=1), state=2)
        client = client_for(alice)
        assert 'title="Reviews due now">1</span>' in cached(client, LIST)
        record_attempt(user=alice, question=small_bank.bayes, grade="good", answer_text="x", seconds_taken=30, now=now)
        assert 'title="Reviews due now"' not in client.get(LIST).content.decode()

    def test_signed_in_home_and_list_are_each_users_own(self, db, small_bank):
        alice, bob = UserFactory(), UserFactory()
        record_attempt(user=alice, question=small_bank.bayes, grade="good", answer_text="", seconds_taken=3,
                       now=timezone.now())  # fmt: skip
        assert 'class="mark mark-seen">Seen</span>' in cached(client_for(alice), LIST)
        assert 'class="mark mark-seen"' not in cached(client_for(bob), LIST)
        assert "Your day" in cached(client_for(bob), "/")

    def test_each_theme_has_its_own_copy(self, db, small_bank):
        light = cached(Client(), LIST)
        dark_client = Client()
        dark_client.cookies["theme"] = "dark"
        dark = cached(dark_client, LIST)
        assert 'data-theme="dark"' in dark and 'data-theme="dark"' not in light

    def test_a_signed_in_users_question_page_is_theirs_alone(self, db, small_bank):
        alice = UserFactory()
        client = client_for(alice)
        assert "Your recent attempts" not in client.get(detail("bayes-rule")).content.decode()
        record_attempt(
            user=alice, question=small_bank.bayes, grade="hard", answer_text="Prior times likelihood, normalised.",
            seconds_taken=30, now=timezone.now(),
        )  # fmt: skip
        assert "Your recent attempts" in client.get(detail("bayes-rule")).content.decode()

    def test_htmx_partials_are_made_for_each_request(self, db, small_bank):
        client = client_for(UserFactory())
        for _ in range(2):
            assert client.get(LIST, HTTP_HX_REQUEST="true").templates

    def test_the_api_with_a_token_or_as_a_browsable_page_is_not_cached(self, client, small_bank):
        for _ in range(2):
            assert client.get(API, HTTP_ACCEPT="text/html").templates


class TestTheHolesAreFilledPerRequest:
    def test_a_cached_question_page_has_a_working_csrf_token_and_a_fresh_start_time(self, db, small_bank):
        client = Client(enforce_csrf_checks=True)
        client.get(detail("bayes-rule"))
        page = cached(client, detail("bayes-rule"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        started = re.search(r'name="started" value="([^"]+)"', page).group(1)
        seconds = timezone.now().timestamp() - signing.loads(started, salt=STARTED_SALT)
        assert 0 <= seconds < 60
        response = client.post(
            "/practice/attempts/bayes-rule/", {"csrfmiddlewaretoken": token, "answer_text": "Prior", "grade": "good"}
        )
        assert response.status_code != 403

    def test_a_fresh_visitor_gets_a_csrf_cookie_with_the_cached_page(self, db, small_bank):
        Client().get(detail("bayes-rule"))
        response = Client().get(detail("bayes-rule"))
        assert not response.templates
        assert "csrftoken" in response.cookies


class TestEachPersonsOwnPages:
    """Signed in, home, the list, the review queue and progress are cached for that person alone,
    under their page version (accounts/page_version.py) and only as long as the clock allows."""

    PAGES = ("/", LIST, "/practice/review/", "/practice/progress/")

    def test_each_page_comes_from_the_cache_in_one_query(self, db, small_bank, django_assert_num_queries):
        client = client_for(UserFactory())
        for url in self.PAGES:
            cached(client, url)
            # The session with the user (their page version) and the header with the bank's version.
            with django_assert_num_queries(1):
                assert client.get(url).status_code == 200

    def test_two_people_never_share_a_copy(self, db, small_bank):
        alice, bob = UserFactory(), UserFactory()
        record_attempt(user=alice, question=small_bank.bayes, grade="good", answer_text="", seconds_taken=3,
                       now=timezone.now())  # fmt: skip
        for url in self.PAGES:
            cached(client_for(alice), url)
        assert 'class="mark mark-seen"' not in cached(client_for(bob), LIST)
        assert "1 attempt" not in cached(client_for(bob), "/practice/progress/")

    def test_their_grade_shows_on_every_page_at_once(self, db, small_bank):
        alice = UserFactory()
        client = client_for(alice)
        before = {url: cached(client, url) for url in self.PAGES}
        record_attempt(user=alice, question=small_bank.bayes, grade="good", answer_text="", seconds_taken=3,
                       now=timezone.now())  # fmt: skip
        after = {url: fresh(client, url) for url in self.PAGES}
        assert 'class="mark mark-seen">Seen</span>' in after[LIST] and "mark-seen" not in before[LIST]
        for url in self.PAGES:
            assert after[url] != before[url], url

    def test_a_bookmark_shows_in_my_bookmarks_at_once(self, db, small_bank):
        alice = UserFactory()
        client = client_for(alice)
        assert "Bayes" not in cached(client, LIST + "?bookmarked=on")
        toggle_bookmark(user=alice, question=small_bank.bayes)
        assert "Bayes" in fresh(client, LIST + "?bookmarked=on")

    def test_a_settings_change_shows_at_once(self, db, small_bank):
        alice = UserFactory()
        client = client_for(alice)
        cached(client, "/")
        update_study_settings(user=alice, changes={"new_per_day": 1})
        fresh(client, "/")
        alice.refresh_from_db()
        alice.timezone = "Asia/Tokyo"
        alice.save()
        fresh(client, "/")

    def test_a_coachs_new_plan_shows_on_each_members_home_at_once(self, db, small_bank):
        coach, member = UserFactory(), UserFactory()
        team = create_team(user=coach, name="Reading group", now=timezone.now())
        Membership.objects.create(team=team, user=member, role=Role.MEMBER)
        client = client_for(member)
        assert "Study plans due soon" not in cached(client, "/")
        create_plan(team=team, by=coach, title="Probability week", due_date=timezone.localdate() + timedelta(days=3),
                    questions=[small_bank.bayes], now=timezone.now())  # fmt: skip
        assert "Probability week" in fresh(client, "/")

    def test_a_page_is_kept_only_until_the_clock_changes_it(self, db, small_bank):
        alice = UserFactory()
        now = timezone.now()
        _, day_end = alice.day_clock().bounds(now)
        assert fresh_for(alice, now) == int((day_end - now).total_seconds())
        ReviewState.objects.create(user=alice, question=small_bank.bayes, due=now + timedelta(seconds=90), state=2)
        ReviewState.objects.create(user=alice, question=small_bank.convolution, due=now - timedelta(days=1), state=2,
                                   buried_until=now + timedelta(seconds=40))  # fmt: skip
        assert fresh_for(alice, now) == 40

    def test_a_question_falling_due_is_not_hidden_by_the_cache(self, db, small_bank):
        alice = UserFactory()
        due = timezone.now() + timedelta(milliseconds=700)
        ReviewState.objects.create(user=alice, question=small_bank.bayes, due=due, state=2, reps=1, stability=1.0,
                                   last_review=due - timedelta(days=1))  # fmt: skip
        client = client_for(alice)
        # It would go stale within the second, so the page is not stored at all.
        assert "Bayes" not in fresh(client, "/practice/review/")
        assert "Bayes" not in fresh(client, "/practice/review/")
        time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.05)
        assert "Bayes" in fresh(client, "/practice/review/")

    def test_a_buried_question_coming_back_is_not_hidden_by_the_cached_queue(self, db, small_bank):
        # The review page tells the cache its moments itself (practice.queue.Queue.next_back).
        alice = UserFactory()
        back = timezone.now() + timedelta(milliseconds=700)
        ReviewState.objects.create(user=alice, question=small_bank.bayes, due=back - timedelta(days=1), state=2, reps=1,
                                   stability=1.0, last_review=back - timedelta(days=2), buried_until=back)  # fmt: skip
        client = client_for(alice)
        assert "Bayes" not in fresh(client, "/practice/review/")
        assert "Bayes" not in fresh(client, "/practice/review/")
        time.sleep(max(0.0, (back - timezone.now()).total_seconds()) + 0.05)
        assert "Bayes" in fresh(client, "/practice/review/")

    def test_the_cached_header_shows_a_question_falling_due_and_a_new_message_at_once(self, db, small_bank):
        alice = UserFactory()
        now = timezone.now()
        ReviewState.objects.create(user=alice, question=small_bank.bayes, due=now - timedelta(days=1), state=2)
        client = client_for(alice)
        assert 'title="Reviews due now">1</span>' in cached(client, LIST)
        # Straight in the table: as if it had fallen due, with no write of hers to move her version.
        ReviewState.objects.filter(user=alice).update(due=now + timedelta(days=3))
        assert 'title="Reviews due now"' not in client.get(LIST).content.decode()
        Notification.objects.bulk_create([Notification(user=alice, text="Your submission was published.")])
        assert 'Inbox <span class="pill">1</span>' in client.get(LIST).content.decode()


class TestReadingTheVersionForVisitors:
    """A visitor's cached page asks the bank's version at most once a PAGE_CACHE_RECHECK_SECONDS
    per process; a change made here is seen at once, one made elsewhere within that time."""

    def test_a_change_made_in_this_process_is_seen_at_once(self, db, small_bank, django_assert_num_queries):
        assert "What does a convolution layer compute?" in cached(Client(), LIST)
        with django_assert_num_queries(0):  # the version as read less than a second ago
            assert Client().get(LIST).status_code == 200
        small_bank.convolution.title = "What does a convolution compute, and why share weights?"
        small_bank.convolution.save()
        assert "why share weights" in Client().get(LIST).content.decode()

    def test_a_change_made_by_another_process_is_seen_within_the_recheck_time(self, db, small_bank, settings):
        settings.PAGE_CACHE_RECHECK_SECONDS = 1
        before = BankVersion.recent(1)
        BankVersion.objects.filter(pk=1).update(number=before + 5)  # as another process's commit would
        assert BankVersion.recent(1) == before
        time.sleep(1.05)
        assert BankVersion.recent(1) == before + 5

    def test_zero_reads_it_on_every_request(self, db, small_bank, settings, django_assert_num_queries):
        settings.PAGE_CACHE_RECHECK_SECONDS = 0
        cached(Client(), LIST)
        with django_assert_num_queries(1):
            assert Client().get(LIST).status_code == 200


def test_joining_a_group_from_either_side_moves_the_page_version(db):
    alice = UserFactory()
    group = Group.objects.create(name="reviewers")
    versions = [alice.page_version]
    alice.groups.add(group)
    alice.refresh_from_db()
    versions.append(alice.page_version)
    group.user_set.remove(alice)
    alice.refresh_from_db()
    versions.append(alice.page_version)
    assert versions[0] < versions[1] < versions[2]


def test_signing_in_keeps_the_page_version_and_a_profile_change_moves_it(db):
    user = UserFactory()
    before = User.objects.get(pk=user.pk).page_version
    client_for(user)  # signing in writes last_login only
    assert User.objects.get(pk=user.pk).page_version == before
    user.display_name = "Ada"
    user.save()
    assert User.objects.get(pk=user.pk).page_version == before + 1
