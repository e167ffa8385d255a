"""Exports over the API (practice/api/exports.py): ask for one (202 and its address), follow its
status, download it; bad input is a 400 naming the field; the original download endpoints keep
answering with the file."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from practice.models import Export
from practice.services import record_attempt
from teams.models import Membership
from teams.services import create_team
from tests.conftest import api_client_for
from tests.factories import UserFactory
from tests.jobs import run_queued_jobs
from tests.practice.test_export_jobs import NOW, ready_export
from tests.practice.test_exports import notes_in_deck


class TestTheApi:
    def test_ask_follow_and_download(self, alice, small_bank):
        api = api_client_for(alice)
        response = api.post("/api/v1/exports/", {"kind": "anki", "parameters": {"tag": "cnn"}}, format="json")
        assert response.status_code == 202
        body = response.json()
        assert response["Location"] == body["url"] == f"/api/v1/exports/{body['id']}/"
        assert (body["kind"], body["status"], body["parameters"], body["download_url"]) == (
            "anki", "queued", {"tag": "cnn"}, None)  # fmt: skip
        assert api.get(body["url"]).json()["status"] == "queued"
        assert api.get(f"{body['url']}download/").status_code == 409
        run_queued_jobs()
        ready = api.get(body["url"]).json()
        assert ready["status"] == "ready" and ready["size"] > 0
        assert ready["download_url"] == f"/api/v1/exports/{body['id']}/download/"
        download = api.get(ready["download_url"])
        assert download.status_code == 200 and len(notes_in_deck(download.content)) == 2
        assert [e["id"] for e in api.get("/api/v1/exports/").json()] == [body["id"]]
        assert api.delete(body["url"]).status_code == 204
        assert api.get(body["url"]).status_code == 404

    def test_even_a_small_one_is_queued(self, alice, small_bank):
        response = api_client_for(alice).post("/api/v1/exports/", {"kind": "attempts"}, format="json")
        assert response.status_code == 202 and Export.objects.get().kind == "attempts"

    @pytest.mark.parametrize(("body", "errors"), [
        ({}, {"kind": ["This field is required."]}),
        ({"kind": "zip"}, {"kind": ['"zip" is not a valid choice.']}),
        ({"kind": 12}, {"kind": ["Not a valid string."]}),
        ({"kind": "anki", "parameters": {"tag": 12}}, {"parameters": {"tag": ["Expected a string, or true or false."]}}),
        ({"kind": "anki", "parameters": ["cnn"]}, {"parameters": ['Expected a dictionary of items but got type "list".']}),
        ({"kind": "anki", "parameters": {"difficulty": "extreme"}},
         {"parameters": {"difficulty": ["Select a valid choice. extreme is not one of the available choices."]}}),
        ({"kind": "anki", "parameters": {"common": "maybe"}},
         {"parameters": {"common": ["Expected true or false (also 1/0, yes/no), not “maybe”."]}}),
        ({"kind": "anki", "parameters": {"page": "2"}},
         {"parameters": {"page": ["Not a parameter of “anki” exports (they take search, category, difficulty, kind, tag, common, bookmarked)."]}}),
        ({"kind": "attempts", "parameters": {"tag": "cnn"}},
         {"parameters": {"tag": ["Not a parameter of “attempts” exports (they take none)."]}}),
        ({"kind": "team-dashboard", "parameters": {}}, {"parameters": {"team": ["Name the team by its address (a string)."]}}),
        ({"kind": "team-dashboard", "parameters": {"team": "nobodys"}},
         {"parameters": {"team": ["No team of yours has this address."]}}),
    ])  # fmt: skip
    def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(self, alice, small_bank, body, errors):
        response = api_client_for(alice).post("/api/v1/exports/", body, format="json")
        assert (response.status_code, response.json()) == (400, errors)
        assert not Export.objects.exists() and not DBTaskResult.objects.exists()

    def test_a_team_member_is_refused_its_dashboard_and_an_outsider_learns_nothing(self, alice, bob, small_bank):
        team = create_team(user=alice, name="Cohort", now=NOW())
        Membership.objects.create(team=team, user=bob, role="member")
        body = {"kind": "team-dashboard", "parameters": {"team": team.slug}}
        assert api_client_for(bob).post("/api/v1/exports/", body, format="json").status_code == 403
        outsider = api_client_for(UserFactory()).post("/api/v1/exports/", body, format="json")
        assert outsider.json() == {"parameters": {"team": ["No team of yours has this address."]}}
        assert api_client_for(alice).post("/api/v1/exports/", body, format="json").status_code == 202

    def test_too_many_waiting_is_a_409(self, alice, small_bank):
        api = api_client_for(alice)
        for tag in ("cnn", "probability", "history"):
            body = {"kind": "anki", "parameters": {"tag": tag}}
            assert api.post("/api/v1/exports/", body, format="json").status_code == 202
        response = api.post("/api/v1/exports/", {"kind": "attempts"}, format="json")
        assert response.status_code == 409 and "3 exports being prepared" in response.json()["detail"]

    def test_a_visitor_gets_a_401(self, client, db):
        assert client.post("/api/v1/exports/", {"kind": "attempts"}, content_type="application/json").status_code == 401
        assert client.get("/api/v1/exports/").status_code == 401

    def test_the_original_endpoints_still_answer_with_the_file_whatever_its_size(self, alice, small_bank, settings):
        settings.EXPORT_INLINE_MAX_QUESTIONS = settings.EXPORT_INLINE_MAX_ROWS = 0
        record_attempt(user=alice, question=small_bank.bayes, grade="good", answer_text="x", seconds_taken=3, now=NOW())
        api = api_client_for(alice)
        deck = api.get("/api/v1/exports/anki/")
        assert deck.status_code == 200 and len(notes_in_deck(deck.content)) == 3
        assert api.get("/api/v1/exports/anki/?difficulty=extreme").json() == {
            "difficulty": ["Select a valid choice. extreme is not one of the available choices."]}  # fmt: skip
        attempts = api.get("/api/v1/exports/attempts/")
        assert attempts.status_code == 200 and attempts["Content-Type"] == "text/csv; charset=utf-8"
        data = api.get("/api/v1/exports/my-data/")
        assert data.status_code == 200 and json.loads(data.content)["attempts"][0]["answer_text"] == "x"
        assert not Export.objects.exists()

    @pytest.mark.parametrize("rows", [2, 15])
    def test_the_list_runs_the_same_queries_however_many_there_are(self, alice, django_assert_num_queries, rows):
        for i in range(rows):
            ready_export(alice, title=f"Deck {i}")
        api = api_client_for(alice)
        with django_assert_num_queries(1):  # the exports, without their files (force_authenticate: no session)
            assert len(api.get("/api/v1/exports/").json()) == rows

    def test_only_the_owner_reads_or_downloads_one(self, alice, bob, client):
        export = ready_export(alice)
        for url in (f"/api/v1/exports/{export.pk}/", f"/api/v1/exports/{export.pk}/download/"):
            assert api_client_for(bob).get(url).status_code == 404
            assert client.get(url).status_code == 401
        assert api_client_for(bob).delete(f"/api/v1/exports/{export.pk}/").status_code == 404
        download = api_client_for(alice).get(f"/api/v1/exports/{export.pk}/download/")
        assert download.status_code == 200 and download.content == b"a,b\n"

    def test_a_team_export_is_not_downloadable_once_its_owner_stops_coaching_but_still_deletable(self, alice, bob, db):
        team = create_team(user=alice, name="Cohort", now=NOW())
        Membership.objects.create(team=team, user=bob, role="member")
        export = ready_export(bob, kind="team-dashboard", parameters={"team": team.slug})
        assert api_client_for(bob).get(f"/api/v1/exports/{export.pk}/download/").status_code == 404
        assert api_client_for(bob).delete(f"/api/v1/exports/{export.pk}/").status_code == 204

    def test_an_expired_one_is_a_410_and_has_no_download_url(self, alice):
        export = ready_export(alice, expires_at=NOW() - timedelta(minutes=1))
        response = api_client_for(alice).get(f"/api/v1/exports/{export.pk}/download/")
        assert response.status_code == 410 and "expired" in response.json()["detail"]
        assert api_client_for(alice).get(f"/api/v1/exports/{export.pk}/").json()["download_url"] is None
