"""interviewprep/csrf_tokens.py makes Django's tokens: Django's middleware sends the cookie and
accepts the token, as if get_token had made it."""

from collections import Counter

from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)
from django.test import RequestFactory, override_settings

from interviewprep import csrf_tokens

factory = RequestFactory()


def view(request):
    return HttpResponse("ok")


def through_middleware(request, make_token=None):
    """Run `request` through CsrfViewMiddleware around `view`, calling `make_token` in the view."""
    tokens = []

    def answer(request):
        if make_token:
            tokens.append(make_token(request))
        return view(request)

    middleware = CsrfViewMiddleware(answer)
    response = middleware.process_request(request) or middleware.process_view(request, answer, (), {})
    response = response or answer(request)
    return middleware.process_response(request, response), (tokens[0] if tokens else None)


class TestToken:
    def test_a_new_visitor_gets_a_cookie_whose_secret_the_token_enciphers(self):
        response, token = through_middleware(factory.get("/"), csrf_tokens.token)
        cookie = response.cookies["csrftoken"].value
        assert len(cookie) == CSRF_SECRET_LENGTH
        assert len(token) == 2 * CSRF_SECRET_LENGTH
        assert set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == cookie
        assert "Cookie" in response["Vary"]

    def test_a_visitor_with_a_cookie_keeps_it_and_each_token_has_a_new_mask(self):
        secret = csrf_tokens.random_string()
        factory.cookies["csrftoken"] = secret
        try:
            tokens = {through_middleware(factory.get("/"), csrf_tokens.token)[1] for _ in range(3)}
        finally:
            factory.cookies.clear()
        assert len(tokens) == 3
        assert {_unmask_cipher_token(token) for token in tokens} == {secret}

    @override_settings(CSRF_COOKIE_SECURE=False)
    def test_django_accepts_the_token_on_the_next_post_and_refuses_a_changed_one(self):
        response, token = through_middleware(factory.get("/"), csrf_tokens.token)
        cookie = response.cookies["csrftoken"].value
        factory.cookies["csrftoken"] = cookie
        try:
            accepted, _ = through_middleware(factory.post("/", {"csrfmiddlewaretoken": token}))
            changed = token[:-1] + ("a" if token[-1] != "a" else "b")
            refused, _ = through_middleware(factory.post("/", {"csrfmiddlewaretoken": changed}))
        finally:
            factory.cookies.clear()
        assert accepted.status_code == 200
        assert refused.status_code == 403


class TestRandomString:
    def test_length_and_alphabet(self):
        for length in (1, 32, 100):
            drawn = csrf_tokens.random_string(length)
            assert len(drawn) == length and set(drawn) <= set(CSRF_ALLOWED_CHARS)

    def test_every_character_is_equally_likely(self):
        # Folding bytes 248-255 onto the first eight characters would make each of those 25 %
        # likelier; 200,000 draws put every count within about 5 % of the mean.
        counts = Counter("".join(csrf_tokens.random_string() for _ in range(6250)))
        assert set(counts) == set(CSRF_ALLOWED_CHARS)
        assert max(counts.values()) / min(counts.values()) < 1.15
