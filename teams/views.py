from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import SignedInHttpRequest
from practice.ages import ago
from practice.export_jobs import ExportRefused
from practice.export_pages import export_response
from practice.models import Attempt
from practice.services import NothingToPractise, start_session
from practice.templatetags.progress_charts import percent
from questions.models import Question
from teams.adapter import JOINED_AT_SIGNUP, PENDING_INVITATION
from teams.dashboard import TeamDashboard, activity_of, member_of, readiness_level, team_dashboard
from teams.forms import InvitationForm, PlanFilterPageForm, PlanForm, RoleForm, TeamForm
from teams.models import COACHING_ROLES, Invitation, Membership, Role, Team
from teams.plan_filters import PLAN_QUESTION_CAP, describe_filter
from teams.services import (
    TeamError,
    accept_invitation,
    change_role,
    create_invitation,
    create_plan,
    create_team,
    decline_invitation,
    get_roster_for_coach,
    get_team_for_coach,
    get_team_for_member,
    leave_team,
    may_change_role,
    may_remove,
    plan_progress_for,
    plan_session,
    plans_for,
    remove_member,
    revoke_invitation,
    set_answer_sharing,
)


def refusing(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn the services' PermissionError into a 403 and TeamError into one message on the team's page.

    The team's page, not the URL that was posted to: most actions are POST-only, and going
    back to them would end on a 405 with the message never shown.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from None
        except TeamError as exc:
            messages.error(request, str(exc))
            if "slug" in kwargs:
                return redirect("teams:detail", slug=kwargs["slug"])
            return redirect(request.get_full_path())

    return wrapper


@login_required
def team_list(request: SignedInHttpRequest) -> HttpResponse:
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
    members = [
        # Members see each other's display names; only coaches see email addresses.
        (
            m,
            str(m.user) if coach else m.user.get_short_name(),
            may_change_role(membership, m),
            may_remove(membership, m),
        )
        for m in team.memberships.select_related("user").order_by("joined_at")
    ]
    context = {
        "team": team,
        "membership": membership,
        "coach": coach,
        "owner": membership.role == Role.OWNER,
        "members": members,
        "plans": team.plans.prefetch_related("members").order_by("due_date"),
        "invitations": team.invitations.filter(revoked_at__isnull=True).order_by("-created_at") if coach else [],
        "invitation_form": InvitationForm() if coach else None,
        "roles": cast(forms.ChoiceField, RoleForm.base_fields["role"]).choices,
        "today": timezone.localdate(),
    }
    return render(request, "teams/team_detail.html", context)


@require_POST
@login_required
@refusing
def invite(request: SignedInHttpRequest, slug: str) -> HttpResponse:
    team, _ = get_team_for_coach(request.user, slug)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
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
            decline_invitation(invitation=found, user=request.user, now=now)
            messages.info(request, f"You declined the invitation to {found.team.name}.")
            return redirect("home")
        try:
            accept_invitation(invitation=found, user=request.user, now=now)
        except TeamError as exc:
            messages.error(request, str(exc))
            return redirect("teams:invitation", token=token)
        messages.success(request, f"Welcome to {found.team.name}!")
        return redirect(found.team)
    if request.user.is_authenticated and found.team.memberships.filter(user=request.user).exists():
        # A member has nothing to do here; after signing up through this page (the header's
        # "Sign up" comes back here) the adapter has joined them and already said welcome.
        if request.session.pop(JOINED_AT_SIGNUP, None) != found.team_id:
            messages.info(request, f"You are already in {found.team.name}.")
        return redirect(found.team)
    if not request.user.is_authenticated and found.problem(now) is None:
        # Signing up from here joins the team (teams.adapter).
        request.session[PENDING_INVITATION] = found.token
    context = {"invitation": found, "problem": found.problem_for(request.user, now)}
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
        return redirect(team)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role: owner, coach or member.")
        return redirect(team)
    change_role(team=team, by=me, target=target, role=form.cleaned_data["role"])
    messages.success(request, f"{target.user} is now {target.get_role_display().lower()}.")
    return redirect(team)


@login_required
@refusing
def plan_create(request: SignedInHttpRequest, slug: str) -> HttpResponse:
    team, _ = get_team_for_coach(request.user, slug)
    memberships = list(team.memberships.select_related("user"))
    form = PlanForm(request.POST or None, memberships=memberships)
    filter_form = PlanFilterPageForm(request.POST or None, user=request.user)
    picker = question_picker(request.POST if request.method == "POST" else request.GET)
    if request.method == "POST" and request.POST.get("action") == "find":
        # The picker's search without JavaScript: show the results and keep everything typed,
        # in unbound forms, so that a title not typed yet is no error.
        form = PlanForm(initial=initial_from(PlanForm.base_fields, request.POST), memberships=memberships)
        filter_form = PlanFilterPageForm(initial=initial_from(filter_form.fields, request.POST), user=request.user)
        context = {"team": team, "form": form, "filter_form": filter_form, "filter_errors": False, "picker": picker}
        return render(request, "teams/plan_form.html", context)
    if request.method == "POST" and form.is_valid():
        slugs = [*form.slug_list(), *(s for s in picker["picked_slugs"] if s not in form.slug_list())]
        filters: dict[str, Any] = {}
        if slugs:
            questions = list(Question.objects.published().filter(slug__in=slugs))
            unknown = sorted(set(slugs) - {q.slug for q in questions})
            if unknown:
                form.add_error("slugs", f"No such published question: {', '.join(unknown)}.")
        elif filter_form.is_valid():
            questions, filters = filter_form.questions, filter_form.saved_filter()
        if form.is_valid() and (slugs or filter_form.is_valid()):
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
                    filters=filters,
                    filter_label=describe_filter(filters) if filters else "",
                    now=timezone.now(),
                )
            except TeamError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, "Plan assigned.")
                return redirect(team)
    # With slugs given the filter is not used, so its errors would only confuse.
    filter_errors = request.method == "POST" and not (form.is_valid() and (form.slug_list() or picker["picked"]))
    context = {"team": team, "form": form, "filter_form": filter_form, "filter_errors": filter_errors, "picker": picker}
    return render(request, "teams/plan_form.html", context)


PICKER_RESULTS = 20


def initial_from(fields: Any, data: Any) -> dict[str, Any]:
    """What was posted, as a form's initial values (lists for fields taking several)."""
    return {
        name: data.getlist(name) if isinstance(field, forms.MultipleChoiceField) else data.get(name)
        for name, field in fields.items()
        if name in data
    }


def question_picker(data: Any) -> dict[str, Any]:
    """The plan form's question picker: the questions ticked so far (`pick`, slugs) and the
    published questions the search engine finds for `pick_search`, the ticked ones left out."""
    picked_slugs = [s for s in data.getlist("pick") if s][:PLAN_QUESTION_CAP]
    picked = list(Question.objects.published().filter(slug__in=picked_slugs).select_related("category"))
    text = (data.get("pick_search") or "").strip()[:200]
    found: list[Question] = []
    if text:
        found = list(
            Question.objects.published()
            .matching(search=text)
            .exclude(slug__in=picked_slugs)
            .for_list_page()[:PICKER_RESULTS]
        )
    return {"picked": picked, "picked_slugs": [q.slug for q in picked], "found": found, "search": text}


@require_GET
@login_required
@refusing
def plan_picker(request: SignedInHttpRequest, slug: str) -> HttpResponse:
    """The picker's results as you type (htmx), for coaches of the team only."""
    team, _ = get_team_for_coach(request.user, slug)
    return render(request, "teams/_question_picker.html", {"team": team, "picker": question_picker(request.GET)})


@require_POST
@login_required
@refusing
def plan_practise(request: SignedInHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Start a practice session from a plan assigned to me."""
    team, _ = get_team_for_member(request.user, slug)
    if not any(p.pk == pk and p.team_id == team.pk for p in plans_for(request.user)):
        raise Http404("No such plan for you")
    now = timezone.now()
    questions, title = plan_session(request.user, pk, now)
    try:
        session = start_session(user=request.user, title=title, questions=questions, now=now)
    except NothingToPractise as exc:
        messages.info(request, str(exc))
        return redirect(team)
    return redirect("practice:session", pk=session.pk)


def dashboard_table(team: Team, data: TeamDashboard, now: datetime) -> list[SafeString]:
    """The dashboard's table rows: link and name, plans (completion, a badge per overdue plan),
    7 and 30 days, due, retention, last active and the heatmap's cells.

    Written here rather than in the template: the engine's few microseconds per value (and
    format_html's), over 200 rows of a dozen values, cost the page more than its queries. The
    text that comes from people (names, plan titles) is escaped; the rest are our numbers.
    """
    # One reverse for all the links: the member's id is the last segment of the path.
    member_url = escape(reverse("teams:member", args=[team.slug, 0]).removesuffix("0/"))
    lines = []
    for row in data.rows:
        completion = row.plan_completion
        if completion is None:
            plans = "–"
        else:
            overdue = "".join(
                f' <span class="badge badge-hard" title="{escape(p.plan.title)}">overdue</span>'
                for p in row.plans
                if p.overdue
            )
            plans = f"{percent(completion)}{overdue}"
        cells = []
        for slug, _ in data.groups:
            share = row.group_readiness.get(slug, 0)
            cells.append(
                f'<td class="heat level-{readiness_level(share)}" title="{percent(share)}">{percent(share)}</td>'
            )
        last = f"{escape(ago(row.last_active, now))} ago" if row.last_active else "never"
        lines.append(
            mark_safe(  # every value above is escaped or a number of ours
                f'\n    <tr><td><a href="{member_url}{row.user_id}/">{escape(row.name)}</a></td>\n'
                f"      <td>{plans}</td>\n"
                f"      <td>{row.attempts_7d}</td><td>{row.attempts_30d}</td><td>{row.due}</td>"
                f"<td>{percent(row.retention)}</td>\n"
                f"      <td>{last}</td>\n      {''.join(cells)}</tr>\n  "
            )
        )
    return lines


@require_GET
@login_required
@refusing
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    if request.GET.get("format") == "csv":
        # A large team's CSV is prepared by the worker (practice.export_jobs); members get the
        # kind's 403 (refusing), outsiders a 404.
        try:
            return export_response(request, "team-dashboard", {"team": slug})
        except ExportRefused:
            raise Http404("No such team") from None
    now = timezone.now()
    team, _, members = get_roster_for_coach(request.user, slug, now)
    data = team_dashboard(team, now, members=members)
    heat = mark_safe("".join(dashboard_table(team, data, now)))  # each row is safe (dashboard_table)
    return render(request, "teams/dashboard.html", {"team": team, "data": data, "heat": heat})


@require_GET
@login_required
@refusing
def member_detail(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """One member's figures, readiness per category, weekly trend, plans and recent attempts.

    A fixed number of queries whatever their history: the access check, the member with their
    figures, the dashboard's five for one row, the year of practice days and the recent attempts.
    """
    team, _ = get_team_for_coach(request.user, slug)
    now = timezone.now()
    row = member_of(team, user_id, now)
    if row is None:
        raise Http404("No such member")
    data = team_dashboard(team, now, members=[row])
    calendar, months, weeks = activity_of(user_id, now)
    busiest = max((w.attempts for w in weeks), default=0)
    attempts = list(Attempt.objects.filter(user_id=user_id).select_related("question").order_by("-created_at")[:50])
    return render(
        request,
        "teams/member_detail.html",
        {
            "team": team,
            "row": row,
            "total": data.questions,
            "readiness": [(name, row.readiness.get(cat, 0.0)) for cat, name in data.categories],
            "calendar": calendar,
            "months": months,
            "weeks": [(w, w.attempts / busiest if busiest else 0.0) for w in weeks],
            "attempts": attempts,
            # Typed answers only with the member's consent for this team; notes never.
            "show_answers": row.share_answers,
        },
    )
