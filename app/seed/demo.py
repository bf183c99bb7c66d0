"""`troupe seed-demo`: Lantern Studio, a believable team, in English and in Chinese.

Two workspaces owned by the demo user, `demo` (en) and `demo-zh` (zh-CN), with the same
people, campaigns, scopes and RACI matrix (see `demo_data`), all created through the
domain services so that every rule holds, and 90 days of metrics ending today.
Existing demo workspaces are left alone, so running it again adds nothing.
"""

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.assignments import service as assignments
from app.assignments.schemas import AssignmentCreate
from app.auth.service import create_user
from app.campaigns import service as campaigns
from app.campaigns.schemas import Audience, CampaignCreate, GoalIn
from app.core.dates import today_in
from app.core.permissions import Actor, WorkspaceContext
from app.members import service as members
from app.members.schemas import MemberCreate, MemberSkillIn, MemberUpdate
from app.metrics import rollups
from app.models import Datapoint, Member, Metric, Role, Skill, User, Workspace
from app.models.base import utcnow
from app.models.enums import Access, Locale, MemberStatus
from app.scopes.schemas import ScopeCreate
from app.seed.demo_data import (
    ASSIGNMENTS,
    BACKERS_AT_LAUNCH,
    CAMPAIGNS,
    FOLLOWERS,
    MEMBERS,
    MONEY_METRICS,
    PLEDGE,
    REVENUE,
    SPONSOR_PAYMENTS,
    STREAMS,
    STRETCH_GOAL_DAY,
    TIMEZONE,
    USD_PER_CNY,
    WORKSPACES,
    CampaignSeed,
    MemberSeed,
    Stream,
)
from app.seed.demo_money import add_money_demo
from app.seed.templates import pick
from app.seed.week_demo import seed_week
from app.workspaces.schemas import WorkspaceCreate
from app.workspaces.service import create_for_user

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "troupe-demo"  # noqa: S105 - the published demo login
DAYS = 90
RANDOM_SEED = 2024
STANDING_SINCE = -180  # standing assignments started half a year ago
EVENING, LATE = 20 * 60, 23 * 60  # minutes after local midnight
BOOK_LAUNCH = next(seed.days[0] for seed in CAMPAIGNS if seed.key == "book")

Ids = dict[str, uuid.UUID]


class Point(NamedTuple):
    day: int  # days from today, -(DAYS - 1) to 0
    metric: str
    value: float
    campaign: str | None = None
    channel: str | None = None
    minute: int = EVENING  # local time of day it was observed


def seed_demo_workspaces(session: Session) -> None:
    """Create the demo user and the demo workspaces that do not exist yet."""
    user = session.scalar(select(User).where(User.email == DEMO_EMAIL))
    if user is None:
        user = create_user(
            session, email=DEMO_EMAIL, password=DEMO_PASSWORD, display_name=MEMBERS[0].name
        )
    today = today_in(TIMEZONE)
    for slug, name, locale in WORKSPACES:
        if session.scalar(select(Workspace.id).where(Workspace.slug == slug)) is None:
            _seed_workspace(session, user=user, slug=slug, name=name, locale=locale, today=today)


def _seed_workspace(
    session: Session, *, user: User, slug: str, name: str, locale: Locale, today: date
) -> None:
    workspace_in = WorkspaceCreate(slug=slug, name=name, locale=locale, timezone=TIMEZONE)
    workspace = create_for_user(session, user=user, workspace_in=workspace_in)
    owner_id = session.scalars(
        select(Member.id).where(Member.workspace_id == workspace.id, Member.user_id == user.id)
    ).one()
    ctx = WorkspaceContext(
        actor=Actor(user_id=user.id, token_id=uuid.uuid4(), can_write=True, locale=locale),
        workspace_id=workspace.id,
        slug=slug,
        timezone=TIMEZONE,
        locale=locale,
        member_id=owner_id,
        access=Access.owner,
    )
    skills, roles = _keys(session, Skill, ctx), _keys(session, Role, ctx)
    metrics = _keys(session, Metric, ctx)
    people = _add_members(session, ctx=ctx, skills=skills)
    scopes: Ids = {}
    campaign_ids: Ids = {}
    for seed in CAMPAIGNS:
        campaign_ids[seed.key] = _add_campaign(
            session,
            ctx=ctx,
            seed=seed,
            today=today,
            people=people,
            roles=roles,
            metrics=metrics,
            scopes=scopes,
        )
    _add_assignments(
        session,
        ctx=ctx,
        today=today,
        people=people,
        roles=roles,
        campaigns=campaign_ids,
        scopes=scopes,
    )
    add_money_demo(session, ctx=ctx, today=today, campaigns=campaign_ids, people=people)
    rows = _rows(_points(today), ctx=ctx, today=today, metrics=metrics, campaigns=campaign_ids)
    session.execute(insert(Datapoint), rows)
    session.flush()
    rollups.rebuild(session.connection(), workspace_id=ctx.workspace_id, timezone=ctx.timezone)
    seed_week(
        session,
        ctx=ctx,
        today=today,
        people=people,
        roles=roles,
        skills=skills,
        campaigns=campaign_ids,
    )


def _keys(session: Session, model: type[Skill | Role | Metric], ctx: WorkspaceContext) -> Ids:
    """Ids of the workspace's seeded skills, roles or metrics by key."""
    found = session.execute(
        select(model.key, model.id).where(model.workspace_id == ctx.workspace_id)
    )
    return dict(found.all())


def _add_members(session: Session, *, ctx: WorkspaceContext, skills: Ids) -> Ids:
    """The team; the first member is the demo user, who owns the workspace already."""
    people: Ids = {}
    for seed in MEMBERS:
        fields: dict[str, Any] = {
            "display_name": seed.name,
            "title": pick(seed.title, ctx.locale),
            "weekly_capacity_hours": seed.hours,
            "skills": [MemberSkillIn(skill_id=skills[key], level=n) for key, n in seed.skills],
        }
        if seed.email is None:
            member = members.update(
                session,
                ctx=ctx,
                member_id=ctx.member_id,
                member_in=MemberUpdate(**fields),
                if_match=None,
            )
        else:
            member = members.create(session, ctx=ctx, member_in=_member_create(seed, fields))
        people[seed.key] = member.id
    return people


def _member_create(seed: MemberSeed, fields: dict[str, Any]) -> MemberCreate:
    status = MemberStatus.active if seed.active else MemberStatus.inactive
    return MemberCreate(email=f"{seed.email}@example.com", status=status, **fields)


def _add_campaign(
    session: Session,
    *,
    ctx: WorkspaceContext,
    seed: CampaignSeed,
    today: date,
    people: Ids,
    roles: Ids,
    metrics: Ids,
    scopes: Ids,
) -> uuid.UUID:
    """Create the campaign with its scopes; record the scopes' ids as `campaign/scope`."""
    locale = ctx.locale
    ends_on = today + timedelta(days=seed.days[1])
    campaign, _version = campaigns.create(
        session,
        ctx=ctx,
        campaign_in=CampaignCreate(
            name=pick(seed.name, locale),
            kind=seed.kind,
            status=seed.status,
            starts_on=today + timedelta(days=seed.days[0]),
            ends_on=ends_on,
            lead_member_id=people[seed.lead],
            audience=Audience(
                description=pick(seed.audience, locale),
                segments=[pick(segment, locale) for segment in seed.segments],
                channels=list(seed.channels),
            ),
            required_role_ids=[roles[key] for key in seed.required_roles],
            goals=[
                GoalIn(metric_id=metrics[key], target=_money(key, target, locale), due_on=ends_on)
                for key, target in seed.goals
            ],
            scopes=[
                ScopeCreate(
                    name=pick(name, locale),
                    description=pick(description, locale),
                    role_ids=[roles[r] for r in dict(seed.scope_roles).get(key, ())],
                )
                for key, name, description in seed.scopes
            ],
        ),
    )
    by_name = {scope.name: scope.id for scope in campaign.scopes}
    for key, name, _description in seed.scopes:
        scopes[f"{seed.key}/{key}"] = by_name[pick(name, locale)]
    return campaign.id


def _add_assignments(
    session: Session,
    *,
    ctx: WorkspaceContext,
    today: date,
    people: Ids,
    roles: Ids,
    campaigns: Ids,
    scopes: Ids,
) -> None:
    seeds = {seed.key: seed for seed in CAMPAIGNS}
    for campaign, rows in ASSIGNMENTS.items():
        seed = seeds[campaign] if campaign else None
        for scope, member, role, raci, percent, note in rows:
            assignment_in = AssignmentCreate(
                member_id=people[member],
                role_id=roles[role],
                campaign_id=campaigns[campaign] if campaign else None,
                scope_id=scopes[f"{campaign}/{scope}"] if scope else None,
                raci=raci,
                allocation_percent=percent,
                starts_on=today + timedelta(days=seed.staffed_from if seed else STANDING_SINCE),
                ends_on=today + timedelta(days=seed.days[1]) if seed else None,
                note=pick(note, ctx.locale),
            )
            assignments.create(session, ctx=ctx, assignment_in=assignment_in)


def _money(metric: str, cny: float, locale: Locale) -> float:
    """Amounts are written in CNY; English workspaces count in USD."""
    if metric not in MONEY_METRICS or locale is Locale.zh_cn:
        return cny
    return round(cny * USD_PER_CNY, 2)


# Metrics: every number below comes from one seeded generator, so the demo is the
# same on every run (only the dates move with today).


def _points(today: date) -> list[Point]:
    rng = random.Random(RANDOM_SEED)  # noqa: S311 - demo data, not security
    weekend = {day for day in range(1 - DAYS, 1) if (today + timedelta(days=day)).weekday() >= 5}
    launches = _launches()
    return [
        *_community(rng, weekend, launches),
        *_followers(rng, weekend, launches),
        *_content(rng, weekend),
        *_revenue(rng, weekend),
        *_crowdfunding(rng, weekend),
    ]


def _releases(stream: Stream) -> list[int]:
    """A campaign's launch day and later releases (the studio's own posts have none)."""
    if stream.campaign is None:
        return []
    return list(range(stream.first_day, 1, stream.release_every or DAYS))


def _launches() -> list[int]:
    """Days on which something came out: episodes, the crowdfunding, the meetup."""
    return [day for stream in STREAMS for day in _releases(stream)]


def _buzz(day: int, launches: list[int], decay: float = 0.5) -> float:
    """1 on a launch day, fading over the following days."""
    return sum(decay ** (day - launch) for launch in launches if 0 <= day - launch < 7)


def _progress(day: int) -> float:
    """0 on the first day of the period, 1 today."""
    return (day + DAYS - 1) / (DAYS - 1)


def _community(rng: random.Random, weekend: set[int], launches: list[int]) -> list[Point]:
    """Activity, loyalty and willingness to pay: one value a day for the whole community."""
    points = []
    for day in range(1 - DAYS, 1):
        growth = _progress(day)
        lift = 1 + 0.35 * _buzz(day, launches) + (0.08 if day in weekend else 0)
        active = (1700 + 900 * growth) * lift * rng.uniform(0.96, 1.04)
        after_book = 0.8 * 0.93 ** (day - BOOK_LAUNCH) if day >= BOOK_LAUNCH else 0
        points += [
            Point(day, "active_members", round(active)),
            Point(day, "retention_rate", round(38 + 7 * growth + rng.uniform(-1.2, 1.2), 1)),
            Point(day, "paying_conversion", round(2.6 + growth + after_book, 2)),
        ]
    return points


def _followers(rng: random.Random, weekend: set[int], launches: list[int]) -> list[Point]:
    """Followers per channel, and their total observed last in the day (what `last` shows)."""
    count = {channel: float(start) for channel, start in FOLLOWERS}
    points = []
    for day in range(1 - DAYS, 1):
        lift = (1 + 2 * _buzz(day, launches)) * (1.2 if day in weekend else 1)
        for channel, start in FOLLOWERS:
            count[channel] += start * 0.004 * lift * rng.uniform(0.6, 1.4)
            points.append(Point(day, "followers", round(count[channel]), channel=channel))
        points.append(Point(day, "followers", round(sum(count.values())), minute=LATE))
    return points


def _content(rng: random.Random, weekend: set[int]) -> list[Point]:
    """Views and reactions per campaign and channel: growth, weekends, release spikes."""
    points = []
    for stream in STREAMS:
        releases = _releases(stream)
        for day in range(max(stream.first_day, 1 - DAYS), 1):
            growth = 1 + 0.012 * (day - stream.first_day)
            lift = (1 + 2.5 * _buzz(day, releases, 0.45)) * (1.2 if day in weekend else 1)
            for channel, base in stream.views:
                views = round(base * growth * lift * rng.uniform(0.85, 1.15))
                likes = round(views * rng.uniform(0.045, 0.065))
                comments = round(views * rng.uniform(0.004, 0.008))
                shares = round(views * rng.uniform(0.003, 0.009))
                for metric, value in (
                    ("content_views", views),
                    ("content_likes", likes),
                    ("content_comments", comments),
                    ("content_shares", shares),
                    ("content_interactions", likes + comments + shares),
                ):
                    points.append(Point(day, metric, value, stream.campaign, channel))
    return points


def _revenue(rng: random.Random, weekend: set[int]) -> list[Point]:
    """Paid memberships and the shop every day; sponsors pay now and then."""
    points = []
    for day in range(1 - DAYS, 1):
        for channel, base in REVENUE:
            amount = base * (1 + 0.5 * _progress(day)) * (1.15 if day in weekend else 1)
            points.append(
                Point(day, "revenue", round(amount * rng.uniform(0.8, 1.2)), channel=channel)
            )
    points += [
        Point(day, "sponsorship_revenue", amount, campaign=campaign)
        for campaign, day, amount in SPONSOR_PAYMENTS
    ]
    return points


def _crowdfunding(rng: random.Random, weekend: set[int]) -> list[Point]:
    """New backers and pledges per channel: a launch peak, a tail and a stretch-goal wave."""
    points = []
    for day in range(BOOK_LAUNCH, 1):
        for channel, at_launch in BACKERS_AT_LAUNCH:
            wave = 0.6 * 0.5 ** (day - STRETCH_GOAL_DAY) if day >= STRETCH_GOAL_DAY else 0
            expected = at_launch * (0.55 ** (day - BOOK_LAUNCH) + 0.07 + wave)
            backers = round(expected * (1.2 if day in weekend else 1) * rng.uniform(0.8, 1.2))
            pledged = round(backers * PLEDGE * rng.uniform(0.85, 1.2))
            points += [
                Point(day, "backers", backers, campaign="book", channel=channel),
                Point(day, "funds_raised", pledged, campaign="book", channel=channel),
            ]
    return points


def _rows(
    points: list[Point], *, ctx: WorkspaceContext, today: date, metrics: Ids, campaigns: Ids
) -> list[dict[str, Any]]:
    """Datapoint rows for one bulk insert."""
    tz, now = ZoneInfo(TIMEZONE), utcnow()
    return [
        {
            "id": uuid.uuid4(),
            "workspace_id": ctx.workspace_id,
            "metric_id": metrics[point.metric],
            "value": _money(point.metric, point.value, ctx.locale),
            "observed_at": _observed_at(today + timedelta(days=point.day), point.minute, tz, now),
            "campaign_id": campaigns[point.campaign] if point.campaign else None,
            "member_id": None,
            "channel": point.channel,
            "created_at": now,
        }
        for point in points
    ]


def _observed_at(day: date, minute: int, tz: ZoneInfo, now: datetime) -> datetime:
    """`minute` after local midnight; today, squeezed into the part of the day that has passed."""
    midnight = datetime.combine(day, time(), tzinfo=tz)
    at = midnight + timedelta(minutes=minute)
    if at > now:
        at = midnight + (now - midnight) * (minute / (24 * 60))
    return at.astimezone(UTC)
