"""Fitting FSRS to a user as a background job (django-tasks, database backend)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practice.fitting import DEFAULT_PARAMETERS, MIN_REVIEWS
from practice.models import Attempt, ParameterFit, ReviewState, StudySettings
from practice.personal_fsrs import fit_parameters_job, request_fit, reset_parameters, run_fit
from practice.services import record_attempt
from tests.conftest import api_client_for
from tests.factories import QuestionFactory
from tests.jobs import run_queued_jobs
from tests.practice.synthetic_reviews import review_log


def give_history(user, questions: int, seed: int = 1) -> None:
    """`user`'s attempts as the synthetic person's review log, shifted to end before now."""
    log = review_log(questions, seed=seed)
    bank = {i + 1: q for i, q in enumerate(QuestionFactory.create_batch(questions))}
    shift = timezone.now() - timedelta(days=1) - max(r.at for r in log)
    Attempt.objects.bulk_create(
        Attempt(user=user, question=bank[r.card], grade=r.grade, seconds_taken=90, created_at=r.at + shift) for r in log
    )


class TestTheJob:
    def test_asking_for_a_fit_queues_one_job_however_often_one_asks(self, alice):
        now = timezone.now()
        request_fit(user=alice, now=now)
        request_fit(user=alice, now=now + timedelta(minutes=1))
        assert DBTaskResult.objects.count() == 1
        assert DBTaskResult.objects.get().task_path == "practice.personal_fsrs.fit_parameters_job"
        assert ParameterFit.objects.get(user=alice).status == "queued"

    def test_a_lost_job_may_be_asked_for_again_after_an_hour(self, alice):
        now = timezone.now()
        request_fit(user=alice, now=now)
        request_fit(user=alice, now=now + timedelta(hours=2))
        assert DBTaskResult.objects.count() == 2

    # The worker closes its database connection after each job: a transaction test survives that.
    @pytest.mark.django_db(transaction=True)
    def test_the_worker_runs_it_and_too_few_reviews_are_reported_as_such(self, alice, small_bank):
        record_attempt(
            user=alice, question=small_bank.bayes, grade="good", answer_text="", seconds_taken=3, now=timezone.now()
        )
        request_fit(user=alice, now=timezone.now())
        run_queued_jobs()
        fit = ParameterFit.objects.get(user=alice)
        assert fit.status == "not_enough" and fit.reviews == 1 and str(MIN_REVIEWS) in fit.message
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"
        assert StudySettings.objects.get(user=alice).fsrs_parameters is None

    @pytest.mark.django_db
    def test_enough_reviews_give_personal_parameters_that_then_schedule_and_can_be_reset(self, alice):
        give_history(alice, 60)
        fit_parameters_job.call(alice.pk)
        fit = ParameterFit.objects.get(user=alice)
        assert fit.status == "done" and fit.reviews >= MIN_REVIEWS and fit.kept
        assert fit.log_loss_after < fit.log_loss_before
        assert 0.7 <= fit.recommended_retention <= 0.97
        settings = StudySettings.objects.get(user=alice)
        assert settings.fsrs_parameters and tuple(settings.fsrs_parameters) != DEFAULT_PARAMETERS
        assert settings.rules().parameters == tuple(settings.fsrs_parameters)

        question = QuestionFactory()
        now = timezone.now()
        record_attempt(user=alice, question=question, grade="good", answer_text="", seconds_taken=3, now=now)
        personal = ReviewState.objects.get(user=alice, question=question).stability
        reset_parameters(user=alice)
        assert StudySettings.objects.get(user=alice).fsrs_parameters is None
        other = QuestionFactory()
        record_attempt(user=alice, question=other, grade="good", answer_text="", seconds_taken=3, now=now)
        assert ReviewState.objects.get(user=alice, question=other).stability != personal
        assert ParameterFit.objects.get(user=alice).log_loss_after == fit.log_loss_after  # the report stays

    def test_a_user_deleted_before_the_job_runs_is_skipped(self, alice):
        pk = alice.pk
        alice.delete()
        assert fit_parameters_job.call(pk) == "gone"


class TestPagesAndApi:
    def test_the_settings_page_asks_for_a_fit_and_shows_the_report(self, alice_client, alice):
        page = alice_client.get("/practice/settings/").content.decode()
        assert "FSRS fitted to you" in page and "the default parameters" in page
        response = alice_client.post("/practice/settings/fsrs/fit/")
        assert response.status_code == 302 and DBTaskResult.objects.count() == 1
        run_fit(user=alice, now=timezone.now())
        page = alice_client.get("/practice/settings/").content.decode()
        assert "Not enough reviews yet" in page

    def test_the_recommended_retention_can_be_taken_in_one_click(self, alice_client, alice):
        ParameterFit.objects.create(user=alice, status="done", recommended_retention=0.83)
        alice_client.post("/practice/settings/fsrs/retention/")
        assert StudySettings.objects.get(user=alice).desired_retention == 0.83

    def test_the_api_queues_reports_and_resets(self, alice):
        client = api_client_for(alice)
        assert client.get("/api/v1/settings/fsrs/").json()["status"] == "none"
        queued = client.post("/api/v1/settings/fsrs/fit/")
        assert queued.status_code == 202 and queued.json()["status"] == "queued"
        StudySettings.objects.create(user=alice, fsrs_parameters=list(DEFAULT_PARAMETERS))
        assert client.get("/api/v1/settings/fsrs/").json()["personal"] is True
        assert client.post("/api/v1/settings/fsrs/reset/").json()["personal"] is False

    def test_only_the_signed_in_user_fits_their_own(self, client, api, alice, bob):
        assert api.post("/api/v1/settings/fsrs/fit/").status_code == 401
        assert client.post("/practice/settings/fsrs/fit/").status_code == 302
        api_client_for(bob).post("/api/v1/settings/fsrs/fit/")
        assert not ParameterFit.objects.filter(user=alice).exists()


def test_a_fit_is_wanted_once_there_are_enough_reviews_and_again_when_the_log_has_grown_by_a_fifth():
    from practice.personal_fsrs import wants_fit

    assert not wants_fit(reviews=MIN_REVIEWS - 1, last_fit_reviews=None, pending=False)
    assert wants_fit(reviews=MIN_REVIEWS, last_fit_reviews=None, pending=False)
    assert not wants_fit(reviews=MIN_REVIEWS, last_fit_reviews=None, pending=True)
    assert not wants_fit(reviews=599, last_fit_reviews=500, pending=False)
    assert wants_fit(reviews=600, last_fit_reviews=500, pending=False)


class TestFittingOnItsOwn:
    def reviews(self, user, n):
        question = QuestionFactory()
        start = timezone.now() - timedelta(days=n)
        Attempt.objects.bulk_create(
            Attempt(user=user, question=question, grade="good", created_at=start + timedelta(days=i)) for i in range(n)
        )

    def test_the_command_queues_those_with_enough_new_reviews_once(self, alice, bob):
        from practice.personal_fsrs import enqueue_due_fits

        self.reviews(alice, MIN_REVIEWS)
        self.reviews(bob, MIN_REVIEWS - 1)
        call_command("fit_parameters", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert list(ParameterFit.objects.values_list("user__email", "status")) == [("alice@example.com", "queued")]
        assert DBTaskResult.objects.count() == 1
        assert enqueue_due_fits(now=timezone.now()) == 0  # queued already
        ParameterFit.objects.filter(user=alice).update(status="done", reviews=MIN_REVIEWS)
        assert enqueue_due_fits(now=timezone.now()) == 0  # nothing new since
        self.reviews(alice, MIN_REVIEWS // 5)
        assert enqueue_due_fits(now=timezone.now()) == 1
