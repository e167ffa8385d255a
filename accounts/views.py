from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import Notification


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """Your notifications, newest first; POST marks them all read."""
    mine = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    page = Paginator(mine.order_by("-created_at"), 30).get_page(request.GET.get("page"))
    return render(request, "account/notifications.html", {"page": page})
