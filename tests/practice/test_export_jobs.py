"""Large exports go through the background worker (practice/export_jobs.py): queued past a size,
built by `db_worker`, listed on the Exports page, downloaded by their owner only, retried and then
marked failed when building fails (never a 500), and deleted once expired."""

from __future__ import annotations

import csv
import io
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Notification
from interviewprep.account_deletion import delete_account
from practice.export_jobs import (
    ATTEMPTS,
    EXPORT_KINDS,
    KEPT_MAX,
    LOST_AFTER,
    PENDING_MAX,
    ExportFile,
    ExportKind,
    TooManyPending,
    build_export_job,
    purge_exports,
    queue_export,
)
from practice.models import Export
from teams.models import Membership
from teams.services import create_team
from tests.conftest import client_for
from tests.factories import AttemptFactory, UserFactory
from tests.jobs import run_queued_jobs
from tests.practice.test_exports import notes_in_deck

NOW = timezone.now


class BrokenExport(ExportKind):
    """A kind whose build fails, as a genanki or database error would."""

    name = "broken"
    label = "broken file"

    def inline_limit(self) -> int:
        return 0

    def size(self, user, parameters):  # type: ignore[no-untyped-def]
        return 1

    def title(self, user, parameters):  # type: ignore[no-untyped-def]
        return "Never built"

    def build(self, user, parameters, now) -> ExportFile:  # type: ignore[no-untyped-def]
        raise OSError("the disk is full")


class DeletedWhileBuilt(BrokenExport):
    """A kind whose export its owner deletes while the worker builds it."""

    name = "deleted-meanwhile"

    def build(self, user, parameters, now) -> ExportFile:  # type: ignore[no-untyped-def]
        Export.objects.filter(owner=user).delete()
        return ExportFile(b"late", "late.txt", "text/plain")


@pytest.fixture
def broken(monkeypatch):
    monkeypatch.setitem(EXPORT_KINDS, "broken", BrokenExport())
    monkeypatch.setitem(EXPORT_KINDS, "deleted-meanwhile", DeletedWhileBuilt())


@pytest.fixture
def small_limits(settings):
    """Limits below the small bank's three published questions, one attempt and a two-person team."""
    settings.EXPORT_INLINE_MAX_QUESTIONS = 2
    settings.EXPORT_INLINE_MAX_ROWS = 0
    settings.EXPORT_INLINE_MAX_MEMBERS = 1


def ready_export(user, **fields) -> Export:
    defaults = {"kind": "attempts", "title": "All your attempts", "status": "ready", "data": b"a,b\n",
                "filename": "interviewprep-attempts.csv", "content_type": "text/csv; charset=utf-8", "size": 4,
                "finished_at": NOW(), "expires_at": NOW() + timedelta(days=7)}  # fmt: skip
    return Export.objects.create(owner=user, **{**defaults, **fields})


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


class TestInlineOrQueued:
    def test_a_deck_within_the_limit_is_built_in_the_request_and_nothing_is_queued(self, alice_client, small_bank):
        response = alice_client.get("/practice/export/anki/")
        assert response.status_code == 200 and len(notes_in_deck(response.content)) == 3
        assert not Export.objects.exists() and not DBTaskResult.objects.exists()

    def test_a_deck_over_the_limit_is_queued_and_the_page_says_where_it_will_be(
        self, alice_client, alice, small_bank, settings
    ):
        settings.EXPORT_INLINE_MAX_QUESTIONS = 1  # the tag picks two
        response = alice_client.get("/practice/export/anki/?tag=cnn&page=2", follow=True)
        assert response.redirect_chain == [("/practice/exports/", 302)]
        assert messages_of(response) == ["Your Anki deck is being prepared; it will be listed here when ready."]
        export = Export.objects.get()
        assert (export.owner, export.kind, export.status) == (alice, "anki", "queued")
        assert export.parameters == {"tag": "cnn"}
        assert export.title == "cnn" and export.expires_at > NOW() + timedelta(days=6)
        assert DBTaskResult.objects.get().task_path == "practice.export_jobs.build_export_job"
        assert "Being prepared" not in response.content.decode() and "Queued" in response.content.decode()

    def test_a_visitors_large_deck_asks_them_to_sign_in_and_queues_nothing(self, client, small_bank, small_limits):
        response = client.get("/practice/export/anki/?difficulty=hard")
        assert response.status_code == 200  # one question: within the limit
        response = client.get("/practice/export/anki/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=%2Fpractice%2Fexport%2Fanki%2F"
        assert not Export.objects.exists()

    def test_a_bad_filter_is_still_a_400_that_names_it(self, alice_client, small_bank, small_limits):
        response = alice_client.get("/practice/export/anki/?difficulty=extreme")
        assert response.status_code == 400 and b"difficulty" in response.content
        assert not Export.objects.exists()

    @pytest.mark.parametrize(("url", "kind"), [("/practice/export/attempts.csv", "attempts"),
                                               ("/practice/export/my-data.json", "my-data")])  # fmt: skip
    def test_attempts_and_all_my_data_over_the_limit_are_queued(self, alice, small_bank, small_limits, url, kind):
        AttemptFactory(user=alice, question=small_bank.bayes)
        response = client_for(alice).get(url)
        assert response.status_code == 302 and response["Location"] == "/practice/exports/"
        assert Export.objects.get().kind == kind

    def test_asking_again_for_one_still_waiting_gives_the_same_one(self, alice, small_bank, small_limits):
        first = queue_export(user=alice, kind="anki", parameters={"tag": "cnn"}, now=NOW())
        again = queue_export(user=alice, kind="anki", parameters={"tag": "cnn", "search": ""}, now=NOW())
        assert again.pk == first.pk and DBTaskResult.objects.count() == 1

    def test_at_most_three_wait_at_once(self, alice, small_bank, small_limits):
        for tag in ("cnn", "probability", "history")[:PENDING_MAX]:
            queue_export(user=alice, kind="anki", parameters={"tag": tag}, now=NOW())
        with pytest.raises(TooManyPending):
            queue_export(user=alice, kind="attempts", parameters={}, now=NOW())
        AttemptFactory(user=alice, question=small_bank.bayes)
        response = client_for(alice).get("/practice/export/attempts.csv", follow=True)
        assert "already have 3 exports being prepared" in messages_of(response)[0]
        assert Export.objects.count() == PENDING_MAX

    def test_the_oldest_finished_exports_make_room_beyond_twenty(self, alice, small_bank):
        old = [ready_export(alice, created_at=NOW() - timedelta(hours=KEPT_MAX - i)) for i in range(KEPT_MAX)]
        queue_export(user=alice, kind="attempts", parameters={}, now=NOW())
        assert Export.objects.filter(owner=alice).count() == KEPT_MAX
        assert not Export.objects.filter(pk=old[0].pk).exists()


class TestTheJob:
    def test_the_worker_builds_it_keeps_the_file_and_tells_the_owner(self, alice, small_bank, small_limits):
        export = queue_export(user=alice, kind="anki", parameters={"tag": "cnn"}, now=NOW())
        run_queued_jobs()
        export.refresh_from_db()
        assert (export.status, export.tries, export.filename) == ("ready", 1, "interviewprep.apkg")
        assert export.size == len(export.data) > 0
        slugs = [slug for slug, _ in notes_in_deck(bytes(export.data))]
        assert slugs == ["vision-transformer", "what-is-a-convolution"]
        note = Notification.objects.get(user=alice)
        assert note.url == "/practice/exports/" and "Anki deck “cnn” is ready" in note.text
        # The email job the build queued ran in the same batch.
        assert mail.outbox[0].to == ["alice@example.com"] and "/practice/exports/" in mail.outbox[0].body

    def test_a_large_teams_csv_goes_through_the_worker_too(self, alice, bob, small_bank, small_limits):
        team = create_team(user=alice, name="Cohort", now=NOW())
        Membership.objects.create(team=team, user=bob, role="member")
        response = client_for(alice).get(f"/teams/{team.slug}/dashboard/?format=csv")
        assert response.status_code == 302 and response["Location"] == "/practice/exports/"
        run_queued_jobs()
        export = Export.objects.get()
        rows = list(csv.reader(io.StringIO(bytes(export.data).decode())))
        assert (export.filename, export.title) == ("cohort-dashboard.csv", "Cohort dashboard")
        assert sorted(r[0] for r in rows[1:]) == ["alice@example.com", "bob@example.com"]

    def test_a_members_and_an_outsiders_team_csv_are_refused_as_the_page_is(self, alice, bob, small_bank):
        team = create_team(user=alice, name="Cohort", now=NOW())
        Membership.objects.create(team=team, user=bob, role="member")
        assert client_for(bob).get(f"/teams/{team.slug}/dashboard/?format=csv").status_code == 403
        assert client_for(UserFactory()).get(f"/teams/{team.slug}/dashboard/?format=csv").status_code == 404
        assert not Export.objects.exists()

    def test_a_failing_build_is_logged_and_tried_again_later(self, alice, broken, caplog):
        export = queue_export(user=alice, kind="broken", parameters={}, now=NOW())
        with caplog.at_level(logging.WARNING, logger="practice.export_jobs"):
            run_queued_jobs()
        failed, retry = DBTaskResult.objects.order_by("enqueued_at")
        assert failed.status == "FAILED" and "the disk is full" in failed.traceback
        assert retry.status == "READY" and retry.args_kwargs["kwargs"] == {"attempt": 2}
        assert retry.run_after > NOW() + timedelta(seconds=30)
        assert "trying again in 0:01:00" in caplog.text
        export.refresh_from_db()
        assert (export.status, export.tries, export.error) == ("queued", 1, "")
        page = client_for(alice).get("/practice/exports/").content.decode()
        assert "trying again (attempt 2)" in page

    def test_after_the_last_attempt_it_is_marked_failed_logged_and_the_owner_told(self, alice, broken, caplog):
        export = queue_export(user=alice, kind="broken", parameters={}, now=NOW())
        DBTaskResult.objects.all().delete()
        build_export_job.enqueue(export.pk, attempt=ATTEMPTS)
        with caplog.at_level(logging.ERROR, logger="practice.export_jobs"):
            run_queued_jobs()
        export.refresh_from_db()
        assert export.status == "failed" and "failed 5 times" in export.error
        assert "Gave up preparing export" in caplog.text
        assert "could not be prepared" in Notification.objects.get(user=alice).text
        assert DBTaskResult.objects.filter(task_path__endswith="build_export_job").get().status == "FAILED"
        # The person sees why, and nothing answers with a 500.
        response = client_for(alice).get("/practice/exports/")
        assert response.status_code == 200 and "failed 5 times" in response.content.decode()
        download = client_for(alice).get(f"/practice/exports/{export.pk}/download/", follow=True)
        assert download.status_code == 200 and "could not be prepared" in messages_of(download)[0]

    def test_a_team_csv_is_not_built_for_someone_who_stopped_coaching(self, alice, bob, small_bank, small_limits):
        team = create_team(user=alice, name="Cohort", now=NOW())
        Membership.objects.create(team=team, user=bob, role="coach")
        export = queue_export(user=bob, kind="team-dashboard", parameters={"team": team.slug}, now=NOW())
        Membership.objects.filter(user=bob).update(role="member")
        run_queued_jobs()
        export.refresh_from_db()
        assert export.status == "failed" and export.data is None and "no longer" in export.error
        assert DBTaskResult.objects.filter(task_path__endswith="build_export_job").get().status == "SUCCESSFUL"

    def test_an_export_deleted_while_it_was_built_stays_deleted(self, alice, broken):
        queue_export(user=alice, kind="deleted-meanwhile", parameters={}, now=NOW())
        run_queued_jobs()
        assert not Export.objects.exists() and not Notification.objects.exists()

    def test_a_job_whose_export_went_with_the_account_does_nothing(self, alice, small_bank):
        queue_export(user=alice, kind="attempts", parameters={}, now=NOW())
        delete_account(user=alice)
        run_queued_jobs()
        job = DBTaskResult.objects.get()
        assert (job.status, job.return_value) == ("SUCCESSFUL", "gone")


class TestDownloads:
    def test_the_owner_downloads_it(self, alice):
        export = ready_export(alice)
        response = client_for(alice).get(f"/practice/exports/{export.pk}/download/")
        assert response.status_code == 200 and response.content == b"a,b\n"
        assert response["Content-Disposition"] == 'attachment; filename="interviewprep-attempts.csv"'
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Cache-Control"] == "private, no-store"

    def test_anyone_else_gets_a_404_and_a_visitor_is_sent_to_sign_in(self, alice, bob, client):
        export = ready_export(alice)
        assert client_for(bob).get(f"/practice/exports/{export.pk}/download/").status_code == 404
        assert client_for(bob).post(f"/practice/exports/{export.pk}/delete/").status_code == 404
        assert client.get(f"/practice/exports/{export.pk}/download/")["Location"].startswith("/accounts/login/")
        assert "interviewprep-attempts.csv" not in client_for(bob).get("/practice/exports/").content.decode()
        assert Export.objects.filter(pk=export.pk).exists()

    def test_a_team_export_is_no_longer_downloadable_once_its_owner_stops_coaching(self, alice, bob, small_bank):
        team = create_team(user=alice, name="Cohort", now=NOW())
        Membership.objects.create(team=team, user=bob, role="coach")
        export = ready_export(bob, kind="team-dashboard", parameters={"team": team.slug})
        assert client_for(bob).get(f"/practice/exports/{export.pk}/download/").status_code == 200
        Membership.objects.filter(user=bob).update(role="member")
        assert client_for(bob).get(f"/practice/exports/{export.pk}/download/").status_code == 404
        # Still theirs to delete.
        assert client_for(bob).post(f"/practice/exports/{export.pk}/delete/").status_code == 302
        assert not Export.objects.exists()

    def test_an_expired_export_is_not_downloadable_and_the_hourly_command_deletes_it(self, alice):
        export = ready_export(alice, expires_at=NOW() - timedelta(minutes=1))
        fresh = ready_export(alice)
        response = client_for(alice).get(f"/practice/exports/{export.pk}/download/", follow=True)
        assert "has expired" in messages_of(response)[0]
        page = response.content.decode()
        assert "Expired" in page and f"/practice/exports/{export.pk}/download/" not in page
        out = io.StringIO()
        call_command("purge_exports", stdout=out)
        assert out.getvalue().strip() == "1 expired export deleted, 0 lost ones marked failed"
        assert list(Export.objects.values_list("pk", flat=True)) == [fresh.pk]

    def test_a_job_lost_for_hours_is_marked_failed_so_nothing_waits_for_ever(self, alice):
        lost = Export.objects.create(owner=alice, kind="attempts", title="x", status="running",
                                     created_at=NOW() - LOST_AFTER - timedelta(minutes=1),
                                     expires_at=NOW() + timedelta(days=6))  # fmt: skip
        waiting = Export.objects.create(owner=alice, kind="attempts", title="y", expires_at=NOW() + timedelta(days=7))
        assert purge_exports(now=NOW()).lost == 1
        lost.refresh_from_db()
        waiting.refresh_from_db()
        assert lost.status == "failed" and "never finished" in lost.error and waiting.status == "queued"

    def test_the_owner_deletes_one(self, alice):
        export = ready_export(alice)
        response = client_for(alice).post(f"/practice/exports/{export.pk}/delete/", follow=True)
        assert messages_of(response) == ["Deleted “All your attempts”."]
        assert not Export.objects.exists()


class TestTheExportsPage:
    def test_it_lists_mine_with_status_size_and_a_link_while_ready(self, alice, bob):
        ready_export(alice, title="Deck one", size=2048)
        Export.objects.create(owner=alice, kind="anki", title="Deck two", expires_at=NOW() + timedelta(days=7))
        ready_export(bob, title="Bob's deck")
        page = client_for(alice).get("/practice/exports/").content.decode()
        assert "Deck one" in page and "2.0\xa0KB" in page and "Download interviewprep-attempts.csv" in page
        assert "Deck two" in page and "Queued" in page
        assert "Bob's deck" not in page
        # While something is pending the list polls itself (htmx); without JavaScript, a link.
        assert 'hx-trigger="every 5s"' in page and ">refresh</a>" in page

    def test_htmx_gets_only_the_list_and_it_stops_polling_once_nothing_waits(self, alice):
        ready_export(alice)
        response = client_for(alice).get("/practice/exports/", headers={"HX-Request": "true"})
        body = response.content.decode()
        assert '<section id="export-rows"' in body
        assert "<html" not in body and "hx-trigger" not in body
        assert "HX-Request" in response["Vary"]

    def test_it_needs_an_account(self, client, db):
        assert client.get("/practice/exports/")["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize("rows", [2, 15])
    def test_the_page_runs_the_same_queries_however_many_there_are(self, alice, django_assert_num_queries, rows):
        for i in range(rows):
            ready_export(alice, title=f"Deck {i}")
        client = client_for(alice)
        # the session with the user and the header's figures, the exports (without their files).
        with django_assert_num_queries(2):
            response = client.get("/practice/exports/")
        assert response.content.decode().count("Download interviewprep-attempts.csv") == rows

    def test_the_pages_that_offer_downloads_link_to_it(self, alice, small_bank):
        client = client_for(alice)
        for url in ("/practice/attempts/", "/accounts/profile/", "/accounts/delete/"):
            assert 'href="/practice/exports/"' in client.get(url).content.decode(), url


def test_my_data_lists_my_exports_without_their_files(alice):
    from interviewprep.personal_data import user_data

    ready_export(alice, title="Deck one")
    [row] = user_data(alice, NOW())["exports"]
    assert row["title"] == "Deck one" and row["size"] == 4 and "data" not in row
