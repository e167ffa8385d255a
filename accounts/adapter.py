"""The account rules of the site's allauth adapter. Teams extends it (teams/adapter.py), so that
signing up through an invitation joins the team; settings name that one."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """allauth's behaviour, as the base the site's adapter builds on."""
