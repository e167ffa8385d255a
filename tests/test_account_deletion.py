"""Deleting an account (interviewprep.account_deletion): every row of theirs goes, their questions stay
without their name, and no team is left without an owner, from the page, the API and the admin alike."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification, User
from accounts.services import issue_token
from curation.services import Content, approve_submission, reject_submission, resolve_report, submit_question
from interviewprep.account_deletion import (
    AccountDeletionRefused,
    DeletionPlanChanged,
    delete_account,
    delete_own_account,
    deletion_plan,
)
from practice.export_jobs import queue_export
from practice.mocks import create_mock
from practice.models import Bookmark, Note, ParameterFit, Project, StudySettings
from practice.services import record_attempt, start_session
from questions.models import Question, Report, Submission
from questions.revisions import save_revision
from teams.models import Invitation, Membership, Role, StudyPlan, Team
from teams.services import create_invitation, create_plan, create_team, leave_team
from tests.conftest import api_client_for, client_for
from tests.factories import PASSWORD, QuestionFactory, UserFactory

NOW = timezone.now


def content(small_bank, title: str) -> Content:
    return Content(title=title, category=small_bank.stats, difficulty="medium", kind="concept", answer="Because.")


def pointing_at_users() -> list[tuple[type, str]]:
    """Every (model, field) that holds a user: foreign keys, one-to-ones and many-to-manys."""
    return sorted(
        (
            (model, field.name)
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if field.is_relation and field.related_model is User and not field.auto_created
        ),
        key=lambda pair: (pair[0]._meta.label, pair[1]),
    )


def signed_up(email: str) -> bool:
    return User.objects.filter(email=email).exists()


def rows_pointing_at(user_id: int) -> dict[str, int]:
    found = {}
    for model, name in pointing_at_users():
        n = model._base_manager.filter(**{name: user_id}).count()
        if n:
            found[f"{model._meta.label}.{name}"] = n
    return found


@pytest.fixture
def everything(alice, bob, staff, small_bank):
    """alice with a row in every model that points at a user, in every field that can."""
    now = NOW()
    EmailAddress.objects.update_or_create(user=alice, email=alice.email, defaults={"primary": True, "verified": True})
    EmailAddress.objects.create(user=alice, email="alice@work.example.com")
    Notification.objects.create(user=alice, text="Welcome")
    StudySettings.objects.create(user=alice)
    ParameterFit.objects.create(user=alice)
    session = start_session(user=alice, title="s", questions=[small_bank.bayes], now=now)
    record_attempt(user=alice, question=small_bank.bayes, grade="good", answer_text="mine", seconds_taken=3,
                   now=now, session=session)  # fmt: skip
    Bookmark.objects.create(user=alice, question=small_bank.vit)
    Note.objects.create(user=alice, question=small_bank.vit, text="my note")
    for kind in ("concept", "scenario"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    create_mock(user=alice, size=3, now=now)
    Project.objects.create(user=alice, title="Churn")
    # Her own question, written as a curator, and a revision of it.
    written = QuestionFactory(slug="alices-own", author=alice)
    save_revision(written, reason=f"Typo fixed by {alice}", user=alice)
    # A submission that became a question, and one still in review.
    published = submit_question(user=alice, content=content(small_bank, "Why normalise inputs?"), now=now)
    approve_submission(submission=published, curator=staff, now=now)
    submit_question(user=alice, content=content(small_bank, "What is a half-written idea?"), now=now)
    # Bob's submission, which alice (a curator too) rejected, and bob's report she resolved.
    bobs = submit_question(user=bob, content=content(small_bank, "Is this a duplicate?"), now=now)
    reject_submission(submission=bobs, curator=alice, reason="A duplicate", now=now)
    resolve_report(report=Report.objects.create(question=small_bank.bayes, reporter=bob, kind="typo"), curator=alice,
                   resolution="Fixed", now=now)  # fmt: skip
    Report.objects.create(question=small_bank.vit, reporter=alice, kind="typo", comment="teh")
    team = create_team(user=alice, name="Readers", now=now)
    Membership.objects.create(team=team, user=bob, role=Role.MEMBER)
    create_invitation(team=team, by=alice, now=now)
    create_plan(team=team, by=alice, title="Stats", due_date=now.date(), questions=[small_bank.bayes], members=[alice],
                now=now)  # fmt: skip
    LogEntry.objects.create(user=alice, content_type=ContentType.objects.get_for_model(Question),
                            object_id=str(written.pk), object_repr="x", action_flag=ADDITION)  # fmt: skip
    issue_token(user=alice, now=now)
    queue_export(user=alice, kind="attempts", parameters={}, now=now)
    client_for(alice)  # a browser signed in (accounts.Session)
    return team


class TestWhatGoes:
    def test_no_row_anywhere_points_at_the_user_afterwards(self, everything, alice):
        """A model that points at users and that the fixture above does not fill fails here, so a new
        one cannot be forgotten (the same walk as the export's test)."""
        alice_id = alice.pk  # deleting sets the instance's pk to None
        before = rows_pointing_at(alice_id)
        every = {f"{model._meta.label}.{name}" for model, name in pointing_at_users()}
        assert sorted(every - set(before)) == [], "fill these for alice in the fixture"
        delete_account(user=alice)
        assert rows_pointing_at(alice_id) == {}
        assert not signed_up("alice@example.com")

    def test_everyone_else_keeps_their_rows(self, everything, alice, bob, small_bank):
        record_attempt(user=bob, question=small_bank.bayes, grade="hard", answer_text="bob's", seconds_taken=4,
                       now=NOW())  # fmt: skip
        before = rows_pointing_at(bob.pk)
        delete_account(user=alice)
        # Bob gains one thing: being told that Readers is his now.
        assert rows_pointing_at(bob.pk) == {
            **before,
            "accounts.Notification.user": before["accounts.Notification.user"] + 1,
        }
        assert Notification.objects.filter(user=bob).first().text.startswith("The owner of Readers deleted")

    def test_invitations_emailed_to_any_of_their_addresses_go_too(self, everything, alice, bob):
        other = create_team(user=bob, name="Other", now=NOW())
        create_invitation(team=other, by=bob, now=NOW(), email="ALICE@example.com")
        create_invitation(team=other, by=bob, now=NOW(), email="alice@work.example.com")
        kept = create_invitation(team=other, by=bob, now=NOW(), email="carol@example.com")
        delete_account(user=alice)
        assert list(Invitation.objects.filter(team=other)) == [kept]

    def test_their_other_sessions_are_signed_out(self, alice):
        phone = client_for(alice)
        delete_account(user=alice)
        assert phone.get("/practice/attempts/")["Location"].startswith("/accounts/login/")


class TestWhatStays:
    def test_questions_they_wrote_stay_without_their_name_in_any_revision(self, everything, alice, staff):
        delete_account(user=alice)
        written = Question.objects.get(slug="alices-own")
        assert written.author is None
        published = Question.objects.get(title="Why normalise inputs?")
        assert (published.author, published.status) == (None, "published")
        submission = Submission.objects.get(question=published)
        assert (submission.submitter, submission.status, submission.reviewed_by) == (None, "published", staff)
        reasons = [r.history_change_reason for q in (written, published) for r in q.history.all()]
        assert all("alice" not in (reason or "") for reason in reasons), reasons
        assert "Typo fixed by a deleted account" in reasons
        assert "Submitted by a deleted account" in reasons
        assert "Approved and published by curator@example.com" in reasons  # staff's own name stays

    def test_curators_still_open_a_submission_whose_submitter_is_gone(self, everything, alice, staff):
        delete_account(user=alice)
        kept = Submission.objects.get(submitter__isnull=True)
        page = client_for(staff).get(f"/curation/submissions/{kept.pk}/")
        assert page.status_code == 200 and "submission by a deleted account" in page.content.decode()
        rows = api_client_for(staff).get("/api/v1/submissions/").json()["results"]
        assert {r["submitter"] for r in rows if r["id"] == kept.pk} == {None}
        history = client_for(staff).get(f"/curation/questions/{kept.question.slug}/history/").content.decode()
        assert "Submitted by a deleted account" in history and "alice" not in history

    def test_submissions_that_never_became_questions_go_with_their_drafts(self, everything, alice):
        delete_account(user=alice)
        assert not Question.objects.filter(title="What is a half-written idea?").exists()
        assert Submission.objects.filter(submitter__isnull=True).count() == 1

    def test_what_they_did_as_a_curator_stays_unattributed(self, everything, alice, bob):
        delete_account(user=alice)
        rejected = Submission.objects.get(submitter=bob)
        assert (rejected.status, rejected.reviewed_by) == ("rejected", None)
        revision = rejected.question.history.filter(history_change_reason__startswith="Rejected by").get()
        assert (
            revision.history_user is None
            and revision.history_change_reason == "Rejected by a deleted account: A duplicate"
        )
        assert Report.objects.get(reporter=bob).resolved_by is None

    def test_a_display_name_in_a_revision_reason_is_taken_out_too(self, alice, small_bank):
        alice.display_name = "Ally"
        alice.save()
        question = QuestionFactory(category=small_bank.stats)
        save_revision(question, reason="Edited by Ally, not Allyson", user=alice)
        delete_account(user=alice)
        assert question.history.first().history_change_reason == "Edited by a deleted account, not Allyson"

    def test_their_study_plans_stay_with_the_team_without_them(self, everything, alice, bob):
        delete_account(user=alice)
        plan = StudyPlan.objects.get(title="Stats")
        assert (plan.team, plan.created_by, list(plan.members.all())) == (everything, None, [])


@pytest.fixture
def teams(alice, bob):
    """alice's teams: each kind of fate, with bob, carol (coaches) and dave (a member) around."""
    carol, dave, erin = (UserFactory(email=f"{n}@example.com") for n in ("carol", "dave", "erin"))
    t0 = NOW() - timedelta(days=30)

    def team(name, *others):
        team = create_team(user=alice, name=name, now=t0)
        for i, (user, role) in enumerate(others, start=1):
            Membership.objects.create(team=team, user=user, role=role, joined_at=t0 + timedelta(days=i))
        return team

    return {
        "coached": team("Coached", (dave, Role.MEMBER), (carol, Role.COACH), (bob, Role.COACH)),
        "members": team("Members only", (erin, Role.MEMBER), (dave, Role.MEMBER)),
        "alone": team("Alone"),
        "shared": team("Shared", (bob, Role.OWNER), (dave, Role.MEMBER)),
        "coaching": _joined(create_team(user=erin, name="Erin's", now=t0), alice, Role.COACH),
        "people": {"bob": bob, "carol": carol, "dave": dave, "erin": erin},
    }


def _joined(team: Team, user: User, role: str) -> Team:
    Membership.objects.create(team=team, user=user, role=role)
    return team


def owners(team: Team) -> list[str]:
    return sorted(team.memberships.filter(role=Role.OWNER).values_list("user__email", flat=True))


class TestTeams:
    def test_the_plan_says_what_happens_to_each_team(self, teams, alice):
        plan = deletion_plan(alice)
        fates = {f.team.name: (f.action, f.successor.user.email if f.successor else None) for f in plan.teams}
        assert fates == {
            "Alone": ("delete", None),
            "Coached": ("hand_over", "carol@example.com"),  # the longest-standing coach, not the older member
            "Erin's": ("leave", None),
            "Members only": ("hand_over", "erin@example.com"),  # no coach: the longest-standing member
            "Shared": ("leave", None),  # bob owns it too
        }
        assert [f.team.name for f in plan.teams] == sorted(fates)
        assert plan.needs_confirm

    def test_deleting_does_what_the_plan_said(self, teams, alice):
        delete_account(user=alice, confirm=deletion_plan(alice).confirm)
        assert owners(teams["coached"]) == ["carol@example.com"]
        assert teams["coached"].memberships.get(user__email="bob@example.com").role == Role.COACH
        assert owners(teams["members"]) == ["erin@example.com"]
        assert not Team.objects.filter(pk=teams["alone"].pk).exists()
        assert owners(teams["shared"]) == ["bob@example.com"]
        assert owners(teams["coaching"]) == ["erin@example.com"]
        for team in Team.objects.all():
            assert owners(team), f"{team} has no owner"

    def test_a_deleted_team_takes_its_plans_and_invitations_with_it(self, teams, alice, small_bank):
        alone = teams["alone"]
        create_invitation(team=alone, by=alice, now=NOW())
        create_plan(team=alone, by=alice, title="Solo plan", due_date=NOW().date(), questions=[small_bank.bayes],
                    now=NOW())  # fmt: skip
        delete_account(user=alice)
        assert not Invitation.objects.filter(team_id=alone.pk).exists()
        assert not StudyPlan.objects.filter(team_id=alone.pk).exists()

    def test_each_new_owner_is_told_and_nobody_else(self, teams, alice):
        delete_account(user=alice)
        told = {n.user.email: n.text for n in Notification.objects.select_related("user")}
        assert told == {
            "carol@example.com": "The owner of Coached deleted their account, so you are now its owner.",
            "erin@example.com": "The owner of Members only deleted their account, so you are now its owner.",
        }

    def test_a_plan_that_changed_since_it_was_shown_stops_the_deletion(self, teams, alice):
        shown = deletion_plan(alice).confirm
        leave_team(membership=teams["coached"].memberships.get(user__email="carol@example.com"))
        with pytest.raises(DeletionPlanChanged, match="changed"):
            delete_account(user=alice, confirm=shown)
        assert signed_up("alice@example.com") and Team.objects.filter(pk=teams["alone"].pk).exists()
        delete_account(user=alice, confirm=deletion_plan(alice).confirm)
        assert owners(teams["coached"]) == ["bob@example.com"]

    def test_an_unconfirmed_plan_with_teams_to_hand_over_is_refused_and_says_what_would_happen(self, teams, alice):
        with pytest.raises(DeletionPlanChanged) as refused:
            delete_account(user=alice, confirm="")
        message = str(refused.value)
        assert "Coached would go to carol@example.com" in message and "Alone would be deleted" in message
        assert signed_up("alice@example.com")

    def test_without_teams_to_hand_over_no_confirmation_is_needed(self, alice, bob):
        team = create_team(user=bob, name="Bob's", now=NOW())
        Membership.objects.create(team=team, user=alice, role=Role.MEMBER)
        assert not deletion_plan(alice).needs_confirm
        delete_account(user=alice, confirm="")
        assert not signed_up("alice@example.com")


class TestThePassword:
    @pytest.mark.parametrize("password", ["", "wrong"])
    def test_a_wrong_or_missing_password_deletes_nothing(self, alice, password):
        with pytest.raises(AccountDeletionRefused) as refused:
            delete_own_account(user=alice, password=password, confirm="")
        assert refused.value.field == "password"
        assert signed_up("alice@example.com")

    def test_the_right_one_deletes(self, alice):
        delete_own_account(user=alice, password=PASSWORD, confirm="")
        assert not signed_up("alice@example.com")


class TestThePage:
    def test_it_warns_about_each_team_first(self, teams, alice):
        teams["people"]["carol"].display_name = "Carol C."
        teams["people"]["carol"].save()
        body = client_for(alice).get("/accounts/delete/").content.decode()
        assert "Coached</strong>: Carol C. (coach) becomes its owner" in body
        assert "Members only</strong>: erin@example.com (member) becomes its owner" in body
        assert "Alone</strong>: deleted, with its study plans and invitations: nobody else is in it" in body
        assert "Shared</strong>: you leave it; bob@example.com stays its owner" in body
        assert "Erin&#x27;s</strong>: you leave it" in body
        assert 'name="password"' in body and 'name="confirm"' in body

    def test_the_account_pages_link_to_it(self, alice_client):
        assert 'href="/accounts/delete/"' in alice_client.get("/accounts/profile/").content.decode()

    def test_a_wrong_password_is_shown_on_the_field_and_deletes_nothing(self, alice_client, alice):
        confirm = deletion_plan(alice).confirm
        response = alice_client.post("/accounts/delete/", {"password": "nope", "confirm": confirm})
        assert response.status_code == 200
        assert "That is not your password." in response.content.decode()
        response = alice_client.post("/accounts/delete/", {"password": "", "confirm": confirm})
        assert "This field is required." in response.content.decode()
        assert signed_up("alice@example.com")

    def test_the_right_password_deletes_signs_out_and_says_so(self, teams, alice):
        client = client_for(alice)
        confirm = deletion_plan(alice).confirm
        response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": confirm}, follow=True)
        assert response.redirect_chain[-1][0] == "/"
        assert "Your account and your data are deleted." in response.content.decode()
        assert not signed_up("alice@example.com")
        assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")

    def test_a_plan_that_changed_shows_the_page_again_with_the_new_plan(self, teams, alice):
        client = client_for(alice)
        confirm = deletion_plan(alice).confirm
        leave_team(membership=teams["coached"].memberships.get(user__email="carol@example.com"))
        response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": confirm})
        body = response.content.decode()
        assert response.status_code == 200 and "changed since" in body
        assert "Coached</strong>: bob@example.com (coach) becomes its owner" in body
        assert signed_up("alice@example.com")

    def test_it_needs_an_account(self, client, db):
        assert client.get("/accounts/delete/")["Location"].startswith("/accounts/login/")
        assert client.post("/accounts/delete/", {"password": PASSWORD})["Location"].startswith("/accounts/login/")

    def test_the_page_costs_five_queries_for_two_teams_or_twelve(self, alice):
        def page_queries(n_teams: int) -> int:
            for i in range(n_teams - Team.objects.filter(memberships__user=alice).count()):
                team = create_team(user=alice, name=f"T{n_teams}-{i}", now=NOW())
                Membership.objects.create(team=team, user=UserFactory(), role=Role.COACH)
            client = client_for(alice)
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/accounts/delete/").status_code == 200
            return len(queries)

        # The session with the user and the header's counts, her memberships with their teams,
        # everyone else in those teams with their users, the questions kept, the submissions deleted.
        assert (page_queries(2), page_queries(12)) == (5, 5)


class TestTheApi:
    def test_the_dry_run_says_what_would_happen(self, teams, alice, small_bank):
        QuestionFactory(author=alice)
        body = api_client_for(alice).get("/api/v1/account/deletion/").json()
        assert body["confirm"] == deletion_plan(alice).confirm
        assert body["questions_kept"] == 1 and body["submissions_deleted"] == 0
        coached = next(t for t in body["teams"] if t["slug"] == teams["coached"].slug)
        assert coached == {
            "slug": teams["coached"].slug,
            "name": "Coached",
            "role": "owner",
            "action": "hand_over",
            "new_owner": {"id": teams["people"]["carol"].pk, "name": "carol@example.com", "role": "coach"},
        }
        assert {t["name"]: t["action"] for t in body["teams"]}["Alone"] == "delete"

    @pytest.mark.parametrize(("payload", "message"), [({}, "required"), ({"password": "nope"}, "not your password")])
    def test_a_missing_or_wrong_password_is_a_400_on_the_field(self, alice, payload, message):
        response = api_client_for(alice).delete("/api/v1/account/", payload, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["password"] and message in response.json()["password"][0]
        assert signed_up("alice@example.com")

    def test_teams_to_hand_over_need_the_dry_runs_confirm_value(self, teams, alice):
        client = api_client_for(alice)
        refused = client.delete("/api/v1/account/", {"password": PASSWORD}, format="json")
        assert refused.status_code == 409
        assert "Coached would go to carol@example.com" in refused.json()["detail"]
        stale = client.delete("/api/v1/account/", {"password": PASSWORD, "confirm": "0" * 16}, format="json")
        assert stale.status_code == 409 and "changed" in stale.json()["detail"]
        confirm = client.get("/api/v1/account/deletion/").json()["confirm"]
        done = client.delete("/api/v1/account/", {"password": PASSWORD, "confirm": confirm}, format="json")
        assert done.status_code == 204
        assert not signed_up("alice@example.com") and owners(teams["coached"]) == ["carol@example.com"]

    def test_the_token_stops_working(self, alice, api):
        token = api.post("/api/v1/auth/token/", {"email": alice.email, "password": PASSWORD}, format="json").json()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
        assert api.delete("/api/v1/account/", {"password": PASSWORD}, format="json").status_code == 204
        assert api.get("/api/v1/account/").status_code == 401

    def test_the_schema_documents_the_body_of_the_delete_and_no_other_delete_gains_one(self):
        from drf_spectacular.generators import SchemaGenerator

        schema = SchemaGenerator().get_schema(request=None, public=True)
        with_body = [path for path, ops in schema["paths"].items() if "requestBody" in ops.get("delete", {})]
        assert with_body == ["/api/v1/account/"]
        ref = schema["paths"]["/api/v1/account/"]["delete"]["requestBody"]["content"]["application/json"]["schema"]
        body = schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]
        assert set(body["properties"]) == {"password", "confirm"} and body["required"] == ["password"]
        assert set(schema["paths"]["/api/v1/account/"]["delete"]["responses"]) == {"204", "400", "401", "409"}

    def test_it_needs_credentials(self, api, db):
        assert api.delete("/api/v1/account/", {"password": PASSWORD}, format="json").status_code == 401
        assert api.get("/api/v1/account/deletion/").status_code == 401


class TestTheAdmin:
    def test_deleting_a_user_in_the_admin_hands_their_team_on_and_says_so_first(self, teams, alice, staff_client):
        url = f"/admin/accounts/user/{alice.pk}/delete/"
        page = staff_client.get(url).content.decode()
        assert "Coached: handed to carol@example.com (coach) as its owner" in page
        assert "Alone: deleted (nobody else is in it)" in page
        assert staff_client.post(url, {"post": "yes"}).status_code == 302
        assert not signed_up("alice@example.com")
        assert owners(teams["coached"]) == ["carol@example.com"]
        assert not Team.objects.filter(pk=teams["alone"].pk).exists()

    def test_deleting_both_owners_at_once_still_leaves_the_team_an_owner(self, alice, bob, staff_client):
        team = create_team(user=alice, name="Shared", now=NOW())
        Membership.objects.create(team=team, user=bob, role=Role.OWNER)
        dave = UserFactory(email="dave@example.com")
        Membership.objects.create(team=team, user=dave, role=Role.MEMBER)
        response = staff_client.post(
            "/admin/accounts/user/",
            {"action": "delete_selected", "_selected_action": [alice.pk, bob.pk], "post": "yes"},
        )
        assert response.status_code == 302
        assert not (signed_up("alice@example.com") or signed_up("bob@example.com"))
        assert owners(team) == ["dave@example.com"]

    def test_the_admin_still_lists_and_edits_users(self, alice, staff_client):
        assert staff_client.get("/admin/accounts/user/").status_code == 200
        assert staff_client.get(f"/admin/accounts/user/{alice.pk}/change/").status_code == 200


def _race(*actions) -> list[BaseException]:
    start = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action) -> None:
        try:
            start.wait()
            action()
        except BaseException as exc:  # noqa: BLE001 - reported by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
class TestAtTheSameTime:
    @pytest.fixture(autouse=True)
    def _postgresql(self):
        if connection.vendor != "postgresql":
            pytest.skip("row locks need PostgreSQL; CI runs this on PostgreSQL")

    def test_two_owners_deleting_their_accounts_at_once_leave_the_member_owning_the_team(self):
        alice, bob, dave = UserFactory(), UserFactory(), UserFactory()
        team = create_team(user=alice, name="Shared", now=NOW())
        Membership.objects.create(team=team, user=bob, role=Role.OWNER)
        Membership.objects.create(team=team, user=dave, role=Role.MEMBER)
        errors = _race(lambda: delete_account(user=alice), lambda: delete_account(user=bob))
        assert errors == []
        assert list(team.memberships.values_list("user_id", "role")) == [(dave.pk, Role.OWNER)]

    def test_an_owner_leaving_while_the_other_deletes_their_account_keeps_an_owner(self):
        alice, bob, dave = UserFactory(), UserFactory(), UserFactory()
        team = create_team(user=alice, name="Shared", now=NOW())
        bobs = Membership.objects.create(team=team, user=bob, role=Role.OWNER)
        Membership.objects.create(team=team, user=dave, role=Role.MEMBER)
        errors = _race(lambda: delete_account(user=alice), lambda: leave_team(membership=bobs))
        # Either bob left first (then alice's deletion hands the team to dave), or alice's
        # deletion went first (then bob, the last owner, is refused).
        assert [type(e).__name__ for e in errors] in ([], ["TeamError"])
        assert team.memberships.filter(role=Role.OWNER).exists()
