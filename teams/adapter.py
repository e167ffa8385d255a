"""The site's allauth adapter: the account rules (accounts.adapter), and someone who signs up
through a team invitation lands in the team."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone

from accounts.adapter import AccountAdapter as BaseAccountAdapter
from accounts.models import User
from teams.models import Invitation
from teams.services import TeamError, accept_invitation

PENDING_INVITATION = "pending_invitation"
# The team joined at signup, so the invitation page (where "next" often leads) sends the new
# member on to the team instead of telling them they are already in it.
JOINED_AT_SIGNUP = "joined_at_signup"


class AccountAdapter(BaseAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit)
        token = request.session.pop(PENDING_INVITATION, None)
        if token and commit:
            invitation = Invitation.objects.select_related("team").filter(token=token).first()
            if invitation is not None:
                try:
                    accept_invitation(invitation=invitation, user=user, now=timezone.now())
                    messages.success(request, f"Welcome to {invitation.team.name}!")
                    request.session[JOINED_AT_SIGNUP] = invitation.team_id
                except TeamError as exc:
                    messages.error(request, str(exc))
        return user
