"""The account rules of the site's allauth adapter. Teams extends it (teams/adapter.py), so that
signing up through an invitation joins the team; settings name that one."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """allauth's behaviour, as the base the site's adapter builds on."""

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the per-account limit on the Host header too, port included (there is no
        # django.contrib.sites here), so changing the port would start a fresh count of guesses.
        # One site: the address alone is the account.
        return str(credentials.get("email") or credentials.get("username") or "").lower()
