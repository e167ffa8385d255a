"""htmx asks for fragments (HX-Request: true); every other request gets the pages and redirects as before."""

from __future__ import annotations

import pytest

from practice.models import Attempt, Bookmark, Note, PracticeSession

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def html(response) -> str:
    return response.content.decode()


class TestBookmark:
    def test_htmx_gets_the_button_in_its_new_state(self, alice_client, alice, small_bank):
        response = alice_client.post("/practice/questions/bayes-rule/bookmark/", **HTMX)
        assert response.status_code == 200
        assert "<html" not in html(response) and 'aria-pressed="true"' in html(response)
        assert "★ Bookmarked" in html(response) and "Bookmarked." in html(response)
        assert Bookmark.objects.filter(user=alice, question=small_bank.bayes).exists()

        response = alice_client.post("/practice/questions/bayes-rule/bookmark/", **HTMX)
        assert 'aria-pressed="false"' in html(response) and "Bookmark removed." in html(response)
        assert not Bookmark.objects.exists()

    def test_htmx_leaves_no_message_for_the_next_page(self, alice_client, small_bank):
        alice_client.post("/practice/questions/bayes-rule/bookmark/", **HTMX)
        page = alice_client.get("/questions/bayes-rule/")
        assert list(page.context["messages"]) == []
        assert 'aria-pressed="true"' in html(page)

    def test_without_htmx_it_redirects_to_the_question_with_a_message(self, alice_client, small_bank):
        response = alice_client.post("/practice/questions/bayes-rule/bookmark/", follow=True)
        assert response.redirect_chain == [("/questions/bayes-rule/", 302)]
        assert [str(m) for m in response.context["messages"]] == ["Bookmarked."]

    def test_a_draft_is_still_404_by_htmx(self, alice_client, small_bank):
        assert alice_client.post("/practice/questions/secret-draft/bookmark/", **HTMX).status_code == 404
        assert not Bookmark.objects.exists()


class TestNote:
    def test_htmx_gets_the_note_back_with_saved(self, alice_client, alice, small_bank):
        response = alice_client.post("/practice/questions/bayes-rule/note/", {"text": "base rates first"}, **HTMX)
        assert response.status_code == 200
        assert "<html" not in html(response)
        assert ">base rates first</textarea>" in html(response) and "Note saved." in html(response)
        assert Note.objects.get(user=alice).text == "base rates first"

    def test_htmx_says_when_an_empty_note_deletes_it(self, alice_client, alice, small_bank):
        Note.objects.create(user=alice, question=small_bank.bayes, text="old")
        response = alice_client.post("/practice/questions/bayes-rule/note/", {"text": "  "}, **HTMX)
        assert "Note deleted." in html(response) and "></textarea>" in html(response)
        assert not Note.objects.exists()

    def test_a_note_too_long_keeps_the_text_shows_the_error_and_changes_nothing(self, alice_client, alice, small_bank):
        Note.objects.create(user=alice, question=small_bank.bayes, text="kept")
        long = "x" * 10_001
        response = alice_client.post("/practice/questions/bayes-rule/note/", {"text": long}, **HTMX)
        assert response.status_code == 200
        assert f">{long}</textarea>" in html(response)
        assert "at most 10000 characters" in html(response) and 'aria-invalid="true"' in html(response)
        assert "Note saved." not in html(response)
        assert Note.objects.get(user=alice).text == "kept"

    def test_without_htmx_a_note_redirects_as_before(self, alice_client, alice, small_bank):
        response = alice_client.post("/practice/questions/bayes-rule/note/", {"text": "plain"}, follow=True)
        assert response.redirect_chain == [("/questions/bayes-rule/", 302)]
        assert [str(m) for m in response.context["messages"]] == ["Note saved."]

    def test_without_htmx_a_note_too_long_redirects_with_the_error(self, alice_client, small_bank):
        response = alice_client.post("/practice/questions/bayes-rule/note/", {"text": "x" * 10_001}, follow=True)
        assert response.redirect_chain == [("/questions/bayes-rule/", 302)]
        assert "at most 10000 characters" in str(list(response.context["messages"])[0])
        assert not Note.objects.exists()

    def test_bobs_note_stays_his_by_htmx(self, alice_client, bob, small_bank):
        Note.objects.create(user=bob, question=small_bank.bayes, text="bob's")
        response = alice_client.post("/practice/questions/bayes-rule/note/", {"text": "alice's"}, **HTMX)
        assert "bob's" not in html(response)
        assert Note.objects.get(user=bob).text == "bob's"


class TestSessionSteps:
    def start(self, client) -> PracticeSession:
        client.post("/practice/sessions/", {"tag": "cnn"})
        return PracticeSession.objects.latest("id")

    def test_htmx_gets_the_session_article_only(self, alice_client, small_bank):
        session = self.start(alice_client)
        response = alice_client.get(f"/practice/sessions/{session.pk}/", **HTMX)
        assert response.status_code == 200
        assert "<html" not in html(response) and '<article class="question session"' in html(response)
        assert "question 1 of 2" in html(response)
        assert "HX-Request" in response["Vary"]

    def test_without_htmx_the_session_is_the_full_page(self, alice_client, small_bank):
        session = self.start(alice_client)
        response = alice_client.get(f"/practice/sessions/{session.pk}/")
        assert "<html" in html(response) and "question 1 of 2" in html(response)
        assert response.templates[0].name == "practice/session_detail.html"

    def test_a_history_restore_gets_the_full_page(self, alice_client, small_bank):
        session = self.start(alice_client)
        response = alice_client.get(
            f"/practice/sessions/{session.pk}/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
        )
        assert "<html" in html(response)

    def test_reveal_by_htmx_swaps_in_the_revealed_step(self, alice_client, small_bank):
        session = self.start(alice_client)
        url = f"/practice/sessions/{session.pk}/"
        response = alice_client.post(url, {"action": "reveal", "position": 0, "answer_text": "shared weights"}, **HTMX)
        assert response.status_code == 200
        assert "<html" not in html(response) and 'data-revealed="true"' in html(response)
        assert "Key points: tick what you covered" in html(response) and "shared weights</textarea>" in html(response)

    def test_grade_by_htmx_redirects_to_the_next_question_as_a_partial(self, alice_client, alice, small_bank):
        session = self.start(alice_client)
        url = f"/practice/sessions/{session.pk}/"
        step = {"action": "grade", "position": 0, "grade": "good", "answer_text": "a"}
        response = alice_client.post(url, step, **HTMX)
        # The same redirect as without htmx; the browser follows it with the HX-Request header kept.
        assert (response.status_code, response["Location"]) == (302, url)
        following = alice_client.get(url, **HTMX)
        assert "<html" not in html(following) and "question 2 of 2" in html(following)
        assert Attempt.objects.get(user=alice).grade == "good"

    def test_skip_without_htmx_redirects_as_before(self, alice_client, small_bank):
        session = self.start(alice_client)
        url = f"/practice/sessions/{session.pk}/"
        response = alice_client.post(url, {"action": "skip", "position": 0})
        assert (response.status_code, response["Location"]) == (302, url)
        assert "question 2 of 2" in html(alice_client.get(url))

    def test_a_bad_step_by_htmx_keeps_the_answer_and_shows_the_error(self, alice_client, small_bank):
        session = self.start(alice_client)
        url = f"/practice/sessions/{session.pk}/"
        response = alice_client.post(url, {"action": "grade", "position": 0, "answer_text": "kept"}, **HTMX)
        assert response.status_code == 200 and "<html" not in html(response)
        assert "message-error" in html(response) and ">kept</textarea>" in html(response)
        assert not Attempt.objects.exists()

    def test_a_stale_step_by_htmx_shows_the_message_in_the_partial(self, alice_client, small_bank):
        session = self.start(alice_client)
        url = f"/practice/sessions/{session.pk}/"
        alice_client.post(url, {"action": "skip", "position": 0}, **HTMX)
        # A second tab still on question 1: the step is refused and the message rides on the next partial.
        response = alice_client.post(url, {"action": "skip", "position": 0}, **HTMX, follow=True)
        assert "<html" not in html(response)
        assert "no longer the current one" in html(response) and "question 2 of 2" in html(response)
        assert list(alice_client.get(url).context["messages"]) == []

    def test_the_end_of_a_session_by_htmx_navigates_to_the_summary(self, alice_client, small_bank):
        session = self.start(alice_client)
        url = f"/practice/sessions/{session.pk}/"
        alice_client.post(url, {"action": "end"}, **HTMX)
        response = alice_client.get(url, **HTMX)
        # htmx turns HX-Redirect into a full navigation, so the summary is a whole page.
        assert response["HX-Redirect"] == url and response.content == b""
        assert alice_client.get(url).templates[0].name == "practice/session_summary.html"

    def test_another_users_session_by_htmx_is_still_404(self, alice_client, bob_client, small_bank):
        session = self.start(alice_client)
        url = f"/practice/sessions/{session.pk}/"
        assert bob_client.get(url, **HTMX).status_code == 404
        assert bob_client.post(url, {"action": "skip", "position": 0}, **HTMX).status_code == 404
        session.refresh_from_db()
        assert session.position == 0
