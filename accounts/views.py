from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.forms import ProfileForm
from accounts.models import Notification
from accounts.requests import SignedInHttpRequest
from accounts.services import set_display_name


@login_required
def notifications(request: SignedInHttpRequest) -> HttpResponse:
    """Your notifications, newest first; POST marks them all read."""
    mine = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    page = Paginator(mine.order_by("-created_at"), 30).get_page(request.GET.get("page"))
    return render(request, "account/notifications.html", {"page": page})


@login_required
def profile(request: SignedInHttpRequest) -> HttpResponse:
    """Your display name (the email address is changed on the email page)."""
    form = ProfileForm(
        request.POST if request.method == "POST" else None, initial={"display_name": request.user.display_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_display_name(user=request.user, display_name=form.cleaned_data["display_name"])
        except ValidationError as exc:
            form.add_error("display_name", exc)
        else:
            messages.success(request, "Saved.")
            return redirect("account_profile")
    return render(request, "account/profile.html", {"form": form})
