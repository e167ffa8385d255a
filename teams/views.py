from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.adapter import PENDING_INVITATION
from practice.models import Attempt
from practice.progress import progress_for
from practice.services import start_session
from questions.models import Question
from teams.dashboard import dashboard_csv_rows, readiness_level, team_dashboard
from teams.forms import InvitationForm, PlanForm, RoleForm, TeamForm
from teams.models import COACHING_ROLES, Invitation, Membership
from teams.services import (
    TeamError,
    accept_invitation,
    change_role,
    create_invitation,
    create_plan,
    create_team,
    get_team_for_coach,
    get_team_for_member,
    leave_team,
    plan_progress_for,
    plans_for,
    remove_member,
    revoke_invitation,
    set_answer_sharing,
)


def refusing(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn the services' PermissionError into a 403 and TeamError into a message."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from None
        except TeamError as exc:
            messages.error(request, str(exc))
            return redirect(request.get_full_path())

    return wrapper


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = create_team(user=request.user, now=timezone.now(), **form.cleaned_data)
        except TeamError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(team)
    memberships = Membership.objects.filter(user=request.user).select_related("team").order_by("team__name")
    return render(
        request,
        "teams/team_list.html",
        {"form": form, "memberships": memberships, "plans": plan_progress_for(request.user)},
    )


@login_required
@refusing
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    team, membership = get_team_for_member(request.user, slug)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "share":
            set_answer_sharing(membership=membership, share=request.POST.get("share") == "on")
            messages.success(request, "Saved.")
        elif action == "leave":
            leave_team(membership=membership)
            messages.success(request, f"You left {team.name}.")
            return redirect("teams:list")
        return redirect(team)
    coach = membership.role in COACHING_ROLES
    members = team.memberships.select_related("user").order_by("joined_at")
    context = {
        "team": team,
        "membership": membership,
        "coach": coach,
        "members": members,
        "plans": team.plans.prefetch_related("members").order_by("due_date"),
        "invitations": team.invitations.filter(revoked_at__isnull=True).order_by("-created_at") if coach else [],
        "invitation_form": InvitationForm() if coach else None,
        "roles": RoleForm.base_fields["role"].choices,
    }
    return render(request, "teams/team_detail.html", context)


@require_POST
@login_required
@refusing
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    team, _ = get_team_for_coach(request.user, slug)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(team)
    invitation = create_invitation(team=team, by=request.user, now=timezone.now(), **form.cleaned_data)
    link = request.build_absolute_uri(invitation.get_absolute_url())
    sent = f" and emailed to {invitation.email}" if invitation.email else ""
    messages.success(request, f"Invitation link made{sent}: {link}")
    return redirect(team)


@require_POST
@login_required
@refusing
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    team, _ = get_team_for_coach(request.user, slug)
    invitation = team.invitations.filter(pk=pk).first()
    if invitation is None:
        raise Http404("No such invitation")
    revoke_invitation(invitation=invitation, now=timezone.now())
    messages.success(request, "Invitation revoked; its link no longer works.")
    return redirect(team)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the link sees the team's name; joining needs an account (sign-up comes back here)."""
    found = Invitation.objects.select_related("team").filter(token=token).first()
    if found is None:
        raise Http404("No such invitation")
    now = timezone.now()
    if request.method == "POST" and request.user.is_authenticated:
        if request.POST.get("action") == "decline":
            messages.info(request, "Invitation declined.")
            return redirect("home")
        try:
            accept_invitation(invitation=found, user=request.user, now=now)
        except TeamError as exc:
            messages.error(request, str(exc))
            return redirect("teams:invitation", token=token)
        messages.success(request, f"Welcome to {found.team.name}!")
        return redirect(found.team)
    already = request.user.is_authenticated and found.team.memberships.filter(user=request.user).exists()
    if not request.user.is_authenticated and found.problem(now) is None:
        # Signing up from here joins the team (accounts.adapter).
        request.session[PENDING_INVITATION] = found.token
    context = {"invitation": found, "problem": found.problem(now), "already": already}
    return render(request, "teams/invitation.html", context)


@require_POST
@login_required
@refusing
def member_action(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    team, me = get_team_for_coach(request.user, slug)
    target = team.memberships.filter(user_id=user_id).select_related("user").first()
    if target is None:
        raise Http404("No such member")
    if request.POST.get("action") == "remove":
        remove_member(team=team, by=me, target=target)
        messages.success(request, f"{target.user} removed.")
    else:
        form = RoleForm(request.POST)
        if form.is_valid():
            change_role(team=team, by=me, target=target, role=form.cleaned_data["role"])
            messages.success(request, f"{target.user} is now {form.cleaned_data['role']}.")
    return redirect(team)


@login_required
@refusing
def plan_create(request: HttpRequest, slug: str) -> HttpResponse:
    team, _ = get_team_for_coach(request.user, slug)
    memberships = list(team.memberships.select_related("user"))
    form = PlanForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        slugs = form.slug_list()
        published = Question.objects.published()
        if slugs:
            questions = list(published.filter(slug__in=slugs))
            unknown = sorted(set(slugs) - {q.slug for q in questions})
            if unknown:
                form.add_error("slugs", f"No such published question: {', '.join(unknown)}.")
        else:
            questions = list(published.matching(**form.filters()).order_by("title")[:200])
        if form.is_valid():
            chosen = {int(pk) for pk in form.cleaned_data["members"]}
            try:
                create_plan(
                    team=team,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    due_date=form.cleaned_data["due_date"],
                    note=form.cleaned_data["note"],
                    questions=questions,
                    members=[m.user for m in memberships if m.user_id in chosen],
                    filters={} if slugs else {k: v for k, v in form.filters().items() if v and k != "bookmarked_by"},
                    now=timezone.now(),
                )
            except TeamError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Plan assigned.")
                return redirect(team)
    return render(request, "teams/plan_form.html", {"team": team, "form": form})


@require_POST
@login_required
@refusing
def plan_practise(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Start a practice session from a plan assigned to me."""
    team, _ = get_team_for_member(request.user, slug)
    plan = next((p for p in plans_for(request.user) if p.pk == pk and p.team_id == team.pk), None)
    if plan is None:
        raise Http404("No such plan for you")
    questions = [q for q in plan.questions.all() if q.status == Question.Status.PUBLISHED]
    session = start_session(
        user=request.user, title=f"{team.name}: {plan.title}", questions=questions, now=timezone.now()
    )
    return redirect("practice:session", pk=session.pk)


@require_GET
@login_required
@refusing
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    team, _ = get_team_for_coach(request.user, slug)
    data = team_dashboard(team, timezone.now())
    if request.GET.get("format") == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(dashboard_csv_rows(data))
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{team.slug}-dashboard.csv"'
        return response
    heat = [
        (
            row,
            [
                (slug, row.readiness.get(slug, 0), readiness_level(row.readiness.get(slug, 0)))
                for slug, _ in data.categories
            ],
        )
        for row in data.rows
    ]
    return render(request, "teams/dashboard.html", {"team": team, "data": data, "heat": heat})


@require_GET
@login_required
@refusing
def member_detail(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    team, _ = get_team_for_coach(request.user, slug)
    target = team.memberships.filter(user_id=user_id).select_related("user").first()
    if target is None:
        raise Http404("No such member")
    now = timezone.now()
    row = team_dashboard(team, now, member_ids=[user_id]).rows[0]
    attempts = list(Attempt.objects.filter(user_id=user_id).select_related("question").order_by("-created_at")[:50])
    return render(
        request,
        "teams/member_detail.html",
        {
            "team": team,
            "member": target,
            "row": row,
            "progress": progress_for(target.user, now),
            "attempts": attempts,
            # Typed answers only with the member's consent for this team; notes never.
            "show_answers": target.share_answers,
        },
    )
