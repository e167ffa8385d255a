"""The account rules of the site's allauth adapter. Teams extends it (teams/adapter.py), so that
signing up through an invitation joins the team; settings name that one."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

# The address every request whose client address cannot be read shares (a server on a Unix
# socket with no proxy header, a test client): one bucket for all of them, so the rate limits
# still hold, rather than allauth's 403 for a request the client did nothing wrong in.
UNKNOWN_CLIENT = "0.0.0.0"


class AccountAdapter(DefaultAccountAdapter):
    """allauth's behaviour, as the base the site's adapter builds on."""

    def get_client_ip(self, request: HttpRequest) -> str:
        try:
            return super().get_client_ip(request)
        except PermissionDenied:
            return UNKNOWN_CLIENT

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the per-account limit on the Host header too, port included (there is no
        # django.contrib.sites here), so changing the port would start a fresh count of guesses.
        # One site: the address alone is the account.
        return str(credentials.get("email") or credentials.get("username") or "").lower()
