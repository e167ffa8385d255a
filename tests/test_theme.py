"""The theme toggle: a cookie the server reads, so the page is drawn in the chosen theme from
its first paint; without JavaScript the toggle posts here."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_choosing_dark_keeps_it_in_a_cookie_and_goes_back(client):
    response = client.post("/theme/", {"theme": "dark", "next": "/questions/?difficulty=hard"})
    assert response.status_code == 302 and response["Location"] == "/questions/?difficulty=hard"
    assert response.cookies["theme"].value == "dark"
    body = client.get("/").content.decode()
    assert '<html lang="en-GB" data-theme="dark">' in body
    assert '<meta name="color-scheme" content="dark">' in body
    assert 'value="light" class="link-button" data-theme-toggle aria-pressed="true"' in body


@pytest.mark.django_db
def test_without_a_choice_the_page_follows_the_system(client):
    body = client.get("/").content.decode()
    assert '<html lang="en-GB">' in body and '<meta name="color-scheme" content="light dark">' in body


@pytest.mark.django_db
def test_system_forgets_the_choice(client):
    client.cookies["theme"] = "dark"
    response = client.post("/theme/", {"theme": "system"})
    assert response.cookies["theme"].value == ""
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_a_forged_cookie_is_ignored(client):
    client.cookies["theme"] = '"><script>alert(1)</script>'
    assert "data-theme" not in client.get("/").content.decode().split("<body>")[0]


@pytest.mark.django_db
def test_an_unknown_theme_is_a_400(client):
    response = client.post("/theme/", {"theme": "purple"})
    assert response.status_code == 400 and b"light, dark or system" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_it_never_sends_you_to_another_site(client, target):
    response = client.post("/theme/", {"theme": "light", "next": target})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_toggle_needs_a_post(client):
    assert client.get("/theme/?theme=dark").status_code == 405
