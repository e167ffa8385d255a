"""The page that deletes your account (interviewprep.account_deletion)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.forms import DeleteAccountForm
from accounts.requests import SignedInHttpRequest
from interviewprep.account_deletion import (
    AccountDeletionRefused,
    DeletionPlanChanged,
    delete_own_account,
    deletion_plan,
)


@login_required
def delete_account(request: SignedInHttpRequest) -> HttpResponse:
    """What deleting your account would do to your teams and questions, then the password to do it."""
    plan = deletion_plan(request.user)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, initial={"confirm": plan.confirm})
    if request.method == "POST" and form.is_valid():
        try:
            delete_own_account(
                user=request.user, password=form.cleaned_data["password"], confirm=form.cleaned_data["confirm"]
            )
        except DeletionPlanChanged as exc:
            # The plan read above is the current one: show it, with its digest, and ask again.
            messages.warning(request, f"{exc} Check the list below and enter your password again.")
            form = DeleteAccountForm(initial={"confirm": plan.confirm})
        except AccountDeletionRefused as exc:
            form.add_error(exc.field, str(exc))
        else:
            logout(request)
            messages.success(request, "Your account and your data are deleted.")
            return redirect("home")
    return render(request, "account/delete.html", {"plan": plan, "form": form})
