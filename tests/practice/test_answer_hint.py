"""The answer box's hint reads whole without JavaScript: the dot before the timer is the script's to show."""

from __future__ import annotations

import re


def hint_of(page: str) -> str:
    return re.search(r'<p class="hint"><span data-line-count>.*?</p>', page).group(0)


def test_the_question_page_hides_the_timer_separator_until_the_script_runs(alice_client, small_bank):
    hint = hint_of(alice_client.get(small_bank.bayes.get_absolute_url()).content.decode())
    assert "</span> · <span" not in hint
    assert "<span data-timer-separator hidden> · </span><span data-timer" in hint


def test_a_session_step_hides_it_too(alice_client, small_bank):
    response = alice_client.post("/practice/sessions/", {}, follow=True)
    hint = hint_of(response.content.decode())
    assert "<span data-timer-separator hidden> · </span><span data-timer" in hint
