"""Teams: the write paths (create, invite, join, leave, roles, plans) and the access checks.

Who manages whom (the pages and the API both come here, so the rule lives once):

- owners change anyone's role (to owner, coach or member) and remove anyone;
- coaches manage members only: they remove members and may step down to member themselves,
  but they do not promote anyone, and they neither change nor remove other coaches or owners;
- members manage nobody; anyone may leave;
- a team always keeps at least one owner. When its only owner's account is deleted, the team
  goes to the longest-standing coach, else the longest-standing member, or is deleted when
  nobody else is in it (team_fates, hand_over_teams).

Every change to who owns a team locks the team's row first (_lock_team), so two of them at once
(two owners leaving, or one leaving while the other's account is deleted) cannot both see the
other as the owner who stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from accounts import page_version
from accounts.mail import queue_email
from accounts.models import Notification, User
from interviewprep.slugs import SlugTaken, create_with_free_slug, suffixed
from practice.models import Attempt
from practice.services import UnknownSource, session_questions
from questions.models import Question
from teams.dashboard import MemberRow, roster
from teams.models import COACHING_ROLES, RESERVED_SLUGS, Invitation, Membership, Role, StudyPlan, Team
from teams.plan_filters import PLAN_QUESTION_CAP

INVITATION_DAYS = 14


class TeamError(Exception):
    """An action the team's rules do not allow; the message says why, `field` which input it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvitationLimit(TeamError):
    """Too many emailed invitations in the last 24 hours; `retry_at` is when one more will be allowed."""

    def __init__(self, message: str, *, retry_at: datetime) -> None:
        super().__init__(message, field="email")
        self.retry_at = retry_at


# Access ----------------------------------------------------------------------------------


def membership_of(user: User | AnonymousUser, team: Team) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(team=team, user=user).first()


def get_team_for_member(user: User | AnonymousUser, slug: str) -> tuple[Team, Membership]:
    """The team if `user` belongs to it; 404 otherwise, so outsiders learn nothing."""
    membership = (
        Membership.objects.select_related("team").filter(team__slug=slug, user=user).first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404("No such team")
    return membership.team, membership


def get_team_for_coach(user: User | AnonymousUser, slug: str) -> tuple[Team, Membership]:
    """The team if `user` is one of its owners or coaches; members get a 403, outsiders a 404."""
    team, membership = get_team_for_member(user, slug)
    if membership.role not in COACHING_ROLES:
        raise PermissionError("Only the team's owners and coaches can do this.")
    return team, membership


def get_roster_for_coach(
    user: User | AnonymousUser, slug: str, now: datetime
) -> tuple[Team, Membership, list[MemberRow]]:
    """The team, the caller's membership and every member's dashboard row with their activity
    figures: the access check (get_team_for_coach: outsiders 404, members 403), then the roster in
    one query, which only a coach's request reads. The dashboard fills in the rest of the rows.
    """
    team, me = get_team_for_coach(user, slug)
    return team, me, roster(team, now)


# Teams and people -------------------------------------------------------------------------


def _slug_taken(slug: str) -> bool:
    return slug in RESERVED_SLUGS or Team.objects.filter(slug=slug).exists()


@transaction.atomic
def create_team(*, user: User, name: str, description: str = "", slug: str = "", now: datetime) -> Team:
    """A team owned by `user`, at `slug` or else at the first free address made from its name
    (a retry on the unique constraint, so two teams of one name created at once both get one)."""
    if not name.strip():
        raise TeamError("A team needs a name.")
    if slug in RESERVED_SLUGS:
        raise TeamError(f"The address “{slug}” is used by the site itself; choose another.")

    def make(chosen: str) -> Team:
        return Team.objects.create(name=name.strip(), slug=chosen, description=description, created_at=now)

    candidates = [slug] if slug else suffixed(slugify(name)[:50].strip("-") or "team", max_length=60)
    try:
        team = create_with_free_slug(candidates, taken=_slug_taken, create=make)
    except SlugTaken:
        raise TeamError(f"The address “{slug}” is taken; choose another.") from None
    Membership.objects.create(team=team, user=user, role=Role.OWNER, joined_at=now)
    return team


def _check_email_caps(*, team: Team, by: User, now: datetime) -> None:
    """Refuse an emailed invitation past INVITATION_EMAILS_PER_TEAM_PER_DAY for `team` or
    INVITATION_EMAILS_PER_INVITER_PER_DAY for `by` (over the last 24 hours, revoked ones included:
    their email went out). The caller holds the team's and the inviter's rows locked, so two
    invitations at once cannot both take the last place."""
    since = now - timedelta(days=1)
    emailed = Invitation.objects.exclude(email="").filter(created_at__gt=since)
    for rows, cap, message in (
        (
            emailed.filter(team=team),
            settings.INVITATION_EMAILS_PER_TEAM_PER_DAY,
            "{team} has sent {cap} email invitations in the last 24 hours, as many as a team may a day",
        ),
        (
            emailed.filter(created_by=by),
            settings.INVITATION_EMAILS_PER_INVITER_PER_DAY,
            "You have sent {cap} email invitations in the last 24 hours, as many as one person may a day",
        ),
    ):
        newest = list(rows.order_by("-created_at").values_list("created_at", flat=True)[:cap])
        if len(newest) == cap:
            # A place frees up when the oldest of the newest `cap` leaves the 24 hours.
            retry_at = newest[-1] + timedelta(days=1)
            when = timezone.localtime(retry_at)
            raise InvitationLimit(
                message.format(team=team.name, cap=cap)
                + f". Share a link instead (it needs no email), or send more after {when:%d %b %Y, %H:%M %Z}.",
                retry_at=retry_at,
            )


@transaction.atomic
def create_invitation(
    *, team: Team, by: User, now: datetime, days: int = INVITATION_DAYS, max_uses: int | None = None, email: str = ""
) -> Invitation:
    """A link anyone may use (up to `max_uses`), or, with `email`, a link for that address only.

    An emailed invitation is for one person, so it defaults to one use; the link works only for
    an account with that address (Invitation.problem_for). Emailed invitations are capped per
    team and per inviter over any 24 hours (InvitationLimit), so the site cannot be a spam relay.
    """
    if email and max_uses is None:
        max_uses = 1
    if not 1 <= days <= 90:
        raise TeamError("An invitation lasts 1 to 90 days.")
    if max_uses is not None and max_uses < 1:
        raise TeamError("An invitation needs at least one use, or no limit.")
    if email:
        # The team, then the inviter: so the caps count what was committed.
        _lock_team(team)
        User.objects.select_for_update().filter(pk=by.pk).first()
        _check_email_caps(team=team, by=by, now=now)
    invitation = Invitation.objects.create(
        team=team, created_by=by, created_at=now, expires_at=now + timedelta(days=days), max_uses=max_uses, email=email
    )
    if email:
        url = f"{settings.SITE_URL}{invitation.get_absolute_url()}"
        queue_email(
            subject=f"[{settings.SITE_NAME}] {by} invites you to {team.name}",
            body=f"{by} invites you to prepare for ML interviews with {team.name}.\n\nJoin here (no account yet? "
            f"you can create one on the way): {url}\n\nThe link works until {invitation.expires_at:%d %b %Y}.",
            to=[email],
        )
    return invitation


def revoke_invitation(*, invitation: Invitation, now: datetime) -> Invitation:
    if invitation.revoked_at is None:
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User, now: datetime) -> Membership:
    invitation = Invitation.objects.select_for_update().select_related("team").get(pk=invitation.pk)
    if Membership.objects.filter(team=invitation.team, user=user).exists():
        raise TeamError(f"You are already in {invitation.team.name}.")
    problem = invitation.problem_for(user, now)
    if problem:
        raise TeamError(problem)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(team=invitation.team, user=user, role=Role.MEMBER, joined_at=now)
    except IntegrityError:
        raise TeamError(f"You are already in {invitation.team.name}.") from None
    invitation.uses += 1
    invitation.save(update_fields=["uses"])
    return membership


def decline_invitation(*, invitation: Invitation, user: User, now: datetime) -> Invitation:
    """Say no. An emailed invitation addressed to `user` stops working (the team sees it was
    declined); a shared link stays usable for the others it was shared with."""
    if invitation.email and invitation.email.lower() == user.email.lower() and invitation.declined_at is None:
        invitation.declined_at = now
        invitation.save(update_fields=["declined_at"])
    return invitation


def _lock_team(team: Team | int) -> None:
    """Hold the team's row until the transaction ends (see the module docstring)."""
    pk = team if isinstance(team, int) else team.pk
    list(Team.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True))


def _owners_left(team: Team, without: Membership) -> int:
    return Membership.objects.filter(team=team, role=Role.OWNER).exclude(pk=without.pk).count()


def _reread(*memberships: Membership) -> None:
    """Roles as they are now that the team is locked: the callers' copies may be older."""
    for membership in memberships:
        try:
            membership.refresh_from_db(fields=["role"])
        except Membership.DoesNotExist:
            raise TeamError("That person is no longer in the team; reload the page.") from None


@transaction.atomic
def leave_team(*, membership: Membership) -> None:
    _lock_team(membership.team_id)
    _reread(membership)
    if membership.role == Role.OWNER and _owners_left(membership.team, membership) == 0:
        raise TeamError("You are the last owner: make someone else an owner before you leave.")
    membership.delete()


def may_remove(by: Membership, target: Membership) -> bool:
    """Owners remove anyone; coaches remove members (see the module docstring)."""
    return by.role == Role.OWNER or (by.role == Role.COACH and target.role == Role.MEMBER)


def may_change_role(by: Membership, target: Membership) -> bool:
    """Owners change anyone's role; a coach only steps down to member."""
    return by.role == Role.OWNER or (by.role == Role.COACH and target.pk == by.pk)


@transaction.atomic
def remove_member(*, team: Team, by: Membership, target: Membership) -> None:
    """Remove `target` from `team`: owners remove anyone, coaches members only; the last owner stays."""
    _lock_team(team)
    _reread(by, target)
    if by.role not in COACHING_ROLES:
        raise PermissionError("Only owners and coaches remove members.")
    if not may_remove(by, target):
        raise PermissionError("Only an owner can remove a coach or an owner.")
    if target.role == Role.OWNER and _owners_left(team, target) == 0:
        raise TeamError("You are the last owner: make someone else an owner first." if target.pk == by.pk
                        else "A team always keeps at least one owner.")  # fmt: skip
    target.delete()


@transaction.atomic
def change_role(*, team: Team, by: Membership, target: Membership, role: str) -> Membership:
    """Owners change anyone's role; coaches may only step down to member; the last owner stays."""
    if role not in Role.values:
        raise TeamError(f"Unknown role “{role}”: choose owner, coach or member.")
    _lock_team(team)
    _reread(by, target)
    if by.role not in COACHING_ROLES:
        raise PermissionError("Only owners and coaches change roles.")
    if by.role != Role.OWNER and not (target.pk == by.pk and role == Role.MEMBER):
        raise PermissionError("Only an owner can change roles; a coach can only step down to member.")
    if target.role == Role.OWNER and role != Role.OWNER and _owners_left(team, target) == 0:
        raise TeamError("You are the last owner: make someone else an owner first." if target.pk == by.pk
                        else "A team always keeps at least one owner.")  # fmt: skip
    target.role = role
    target.save(update_fields=["role"])
    return target


class Fate(StrEnum):
    LEAVE = "leave"
    HAND_OVER = "hand_over"
    DELETE = "delete"


@dataclass(frozen=True)
class TeamFate:
    """What deleting a user's account does to one of their teams."""

    team: Team
    role: str  # theirs in it
    action: Fate
    successor: Membership | None = None  # HAND_OVER: who becomes the owner
    owner_staying: Membership | None = None  # LEAVE as an owner: another owner, who stays


def team_fates(user: User, *, lock: bool = False) -> list[TeamFate]:
    """For each of `user`'s teams, by name, what deleting their account would do (the module docstring's rule).

    Two queries, whatever the number of teams: their memberships with the teams, and everyone
    else in those teams. With `lock` (inside a transaction) their teams' rows are locked first,
    in id order, so the answer holds until the transaction ends.
    """
    if lock:
        team_ids = Membership.objects.filter(user=user).values("team_id")
        list(Team.objects.select_for_update().filter(pk__in=team_ids).order_by("pk").values_list("pk", flat=True))
    mine = list(Membership.objects.filter(user=user).select_related("team").order_by("team__name", "team_id"))
    others: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.filter(team__in=[m.team_id for m in mine])
        .exclude(user=user)
        .select_related("user")
        .order_by("joined_at", "pk")
    ):
        others.setdefault(m.team_id, []).append(m)
    fates = []
    for m in mine:
        rest = others.get(m.team_id, [])
        owner = next((o for o in rest if o.role == Role.OWNER), None)
        if m.role != Role.OWNER or owner is not None:
            fates.append(TeamFate(team=m.team, role=m.role, action=Fate.LEAVE, owner_staying=owner))
        elif rest:
            successor = next((o for o in rest if o.role == Role.COACH), rest[0])
            fates.append(TeamFate(team=m.team, role=m.role, action=Fate.HAND_OVER, successor=successor))
        else:
            fates.append(TeamFate(team=m.team, role=m.role, action=Fate.DELETE))
    return fates


def hand_over_teams(*, user: User, fates: Sequence[TeamFate], addresses: Iterable[str]) -> None:
    """The teams' side of deleting `user`'s account: apply `fates` (from team_fates(user, lock=True)
    in this transaction), take `user` out of every team, and delete the invitations emailed to any
    of `addresses`. The invitations `user` made go with their account (the foreign key cascades).

    Each new owner is told in the site; a team nobody else is in is deleted with its plans and invitations.
    """
    for fate in fates:
        if fate.action == Fate.HAND_OVER and fate.successor is not None:
            Membership.objects.filter(pk=fate.successor.pk).update(role=Role.OWNER)
            page_version.bump([fate.successor.user_id])
            Notification.objects.create(
                user=fate.successor.user,
                text=f"The owner of {fate.team.name} deleted their account, so you are now its owner.",
                url=fate.team.get_absolute_url(),
            )
        elif fate.action == Fate.DELETE:
            fate.team.delete()
    Membership.objects.filter(user=user).delete()
    received = Q()
    for address in addresses:
        received |= Q(email__iexact=address)
    if received:
        Invitation.objects.filter(received).delete()


def set_answer_sharing(*, membership: Membership, share: bool) -> Membership:
    membership.share_answers = share
    membership.save(update_fields=["share_answers"])
    return membership


# Study plans ------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *,
    team: Team,
    by: User,
    title: str,
    due_date: date,
    questions: Sequence[Question],
    members: Sequence[User] = (),
    note: str = "",
    filters: dict[str, Any] | None = None,
    filter_label: str = "",
    now: datetime,
) -> StudyPlan:
    """Assign `questions` (at most PLAN_QUESTION_CAP) to `members` of `team`, or to all when empty."""
    if not title.strip():
        raise TeamError("A plan needs a title.", field="title")
    if due_date < timezone.localdate(now):
        # Here, not in a form, so the page and the API refuse the same dates.
        raise TeamError("The due date is in the past; choose today or a later day.", field="due_date")
    if not questions:
        raise TeamError("A plan needs at least one question.")
    if len(questions) > PLAN_QUESTION_CAP:
        raise TeamError(f"A plan holds at most {PLAN_QUESTION_CAP} questions; this one has {len(questions)}.")
    outsiders = [m for m in members if not Membership.objects.filter(team=team, user=m).exists()]
    if outsiders:
        raise TeamError(f"Not in this team: {', '.join(str(u) for u in outsiders)}.")
    plan = StudyPlan.objects.create(
        team=team,
        title=title.strip(),
        note=note,
        due_date=due_date,
        filters=filters or {},
        filter_label=filter_label[:300],
        created_by=by,
        created_at=now,
    )
    plan.questions.set(questions)
    plan.members.set(members)
    tell_assigned(plan=plan, users=members or [m.user for m in team.memberships.select_related("user")], by=by)
    return plan


def tell_assigned(*, plan: StudyPlan, users: Iterable[User], by: User) -> None:
    """Tell each member a plan is for, in the site (Inbox) and by email (one each, so nobody
    sees who else got it); not the coach who assigned it."""
    told = [user for user in users if user.pk != by.pk]
    when = f"{plan.due_date:%a %d %b}"
    text = f"{by} assigned you “{plan.title}” in {plan.team.name}: {plan.questions.count()} questions by {when}."
    url = plan.team.get_absolute_url()
    Notification.objects.bulk_create([Notification(user=user, text=text[:500], url=url) for user in told])
    for user in told:
        queue_email(
            subject=f"[{settings.SITE_NAME}] New study plan: {plan.title}"[:200],
            body=f"{text}\n\nSee it and start practising: {settings.SITE_URL}{url}",
            to=[user.email],
        )


def plans_for(user: User) -> list[StudyPlan]:
    """The plans assigned to `user` in every team, with their questions."""
    return list(
        StudyPlan.objects.filter(team__memberships__user=user)
        .filter(Q(members=user) | Q(members__isnull=True))
        .select_related("team")
        .prefetch_related("questions")
        .distinct()
        .order_by("due_date")
    )


def plan_session(user: User, plan_id: int, now: datetime) -> tuple[list[Question], str]:
    """The questions and title of a practice session over one of `user`'s plans (the
    "assignment" source of practice sessions; TeamsConfig.ready registers it)."""
    plan = next((p for p in plans_for(user) if p.pk == plan_id), None)
    if plan is None:
        raise UnknownSource("No such assignment of yours.", field="assignment")
    questions = session_questions(user=user, questions=plan.questions.all(), now=now)
    return questions, f"{plan.team.name}: {plan.title}"


def plan_progress_for(user: User) -> list[tuple[StudyPlan, int, int]]:
    """(plan, questions practised since it was assigned, questions) for each of `user`'s plans."""
    plans = plans_for(user)
    if not plans:
        return []
    earliest = min(p.created_at for p in plans)
    seen: dict[int, list[datetime]] = {}
    for question_id, when in Attempt.objects.filter(user=user, created_at__gte=earliest).values_list(
        "question_id", "created_at"
    ):
        seen.setdefault(question_id, []).append(when)
    out = []
    for plan in plans:
        ids = [q.pk for q in plan.questions.all()]
        done = sum(1 for pk in ids if any(when >= plan.created_at for when in seen.get(pk, [])))
        out.append((plan, done, len(ids)))
    return out
