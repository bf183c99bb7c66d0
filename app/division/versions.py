"""A version per workspace that every write bumps, and the health checks cached by it.

Every write records an activity (DESIGN §7), so a transaction that flushes an activity of
a workspace — or a row of the tables the checks read — replaces the workspace's version in
`division_versions` just before it commits, in the same transaction. A health check
reads the version (one primary-key lookup) and reuses what it computed for the same
version, days, language and question; anything else is a miss.

A version is a random token, not a count: a transaction rolled back, or a database
restored from a backup, can bring an old version back only together with its data.

The bump is the transaction's last statement, so the row lock it takes on PostgreSQL is
held only while committing (writers of one workspace queue there, not earlier).

Two finer versions let a check after a write recompute only what the write can change
(issue 9): a write to a campaign, its scopes, required roles or assignments replaces that
campaign's token in `division_campaign_versions`; any other write of the workspace
(members, skills, roles, settings, …) replaces its `shared` token, which every campaign's
cached findings depend on.
"""

import secrets
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from sqlalchemy import BigInteger, Table, bindparam, event, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.util import identity_key

from app.models import (
    Activity,
    Assignment,
    Campaign,
    CampaignRequiredRole,
    DivisionCampaignVersion,
    DivisionSettings,
    DivisionVersion,
    Member,
    MemberSkill,
    Role,
    RoleRequiredSkill,
    Scope,
    ScopeRole,
    Skill,
    Workspace,
)

TOUCHED = "division_touched_workspaces"
CAMPAIGNS = "division_touched_campaigns"
SHARED = "division_shared_touched"
WATCHED = (Activity, Assignment, Campaign, DivisionSettings, Member, Role, Scope, Skill)
# What every campaign's findings read besides its own rows (`app.division.data`).
SHARED_MODELS = (
    DivisionSettings,
    Member,
    MemberSkill,
    Role,
    RoleRequiredSkill,
    Skill,
    Workspace,
)
# The rows of one campaign's own findings (`_campaigns_of`).
CAMPAIGN_MODELS = (Assignment, Campaign, CampaignRequiredRole, Scope, ScopeRole)
ENTRIES = 64
T = TypeVar("T")


def _collect(session: Session, _context: Any, _instances: Any) -> None:
    touched: set[uuid.UUID] = session.info.setdefault(TOUCHED, set())
    campaigns: set[uuid.UUID] = session.info.setdefault(CAMPAIGNS, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, WATCHED) and (workspace_id := obj.workspace_id) is not None:
            touched.add(workspace_id)
        owners = _campaigns_of(session, obj)
        if owners is None:
            session.info[SHARED] = True
        else:
            campaigns.update(owners)


def _campaigns_of(session: Session, obj: object) -> set[uuid.UUID] | None:
    """The campaigns a written row belongs to (an assignment moved: both); None when the
    row may matter to every campaign of its workspace (or its campaign is not known).

    Rows of no table a campaign's findings read (`app.division.data`, `settings`) belong
    to none: reports, goals, activities, … are read afresh by every check."""
    if isinstance(obj, SHARED_MODELS):
        return None
    if isinstance(obj, Campaign):
        return {obj.id} if obj.id is not None else set()  # a new one: cached nowhere yet
    if isinstance(obj, Assignment | Scope | CampaignRequiredRole):
        owners = {obj.campaign_id} if obj.campaign_id is not None else set()
        if isinstance(obj, Assignment):
            owners.update(inspect(obj).attrs.campaign_id.history.deleted or ())
        return {owner for owner in owners if owner is not None}
    if isinstance(obj, ScopeRole):
        if obj.scope_id is None:  # added to a new or changed scope, which is written too
            return set()
        scope = session.identity_map.get(identity_key(Scope, obj.scope_id))
        return {scope.campaign_id} if isinstance(scope, Scope) else None
    return set()


def _bump_statement(insert: Callable[..., Any], *, shared: bool) -> Any:
    table = cast(Table, DivisionVersion.__table__)  # the ORM's bulk path would cost more
    values: dict[str, Any] = {"version": bindparam("version")}
    if shared:
        values["shared"] = bindparam("version")
    stmt = insert(table).values(workspace_id=bindparam("workspace_id"), **values)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.workspace_id],
        set_={name: getattr(stmt.excluded, name) for name in values},
    )


# Built once, by (PostgreSQL?, shared?): every write runs one of them.
_BUMPS = {
    (postgresql, shared): _bump_statement(pg_insert if postgresql else sqlite_insert, shared=shared)
    for postgresql in (True, False)
    for shared in (True, False)
}


def _campaign_bump_statement(insert: Callable[..., Any]) -> Any:
    """The campaigns' new version, for the campaigns still there (a deleted one takes its
    version with it)."""
    table = cast(Table, DivisionCampaignVersion.__table__)
    rows = select(Campaign.id, Campaign.workspace_id, bindparam("version", type_=BigInteger))
    stmt = insert(table).from_select(
        ["campaign_id", "workspace_id", "version"],
        rows.where(Campaign.id.in_(bindparam("campaign_ids", expanding=True))),
    )
    return stmt.on_conflict_do_update(
        index_elements=[table.c.campaign_id], set_={"version": stmt.excluded.version}
    )


# Built once, by PostgreSQL?: a statement built per write cost more than running it
# (profiled, 400 creates of an assignment: 0.83 s in `_bump`, half of it building).
_CAMPAIGN_BUMPS = {
    postgresql: _campaign_bump_statement(pg_insert if postgresql else sqlite_insert)
    for postgresql in (True, False)
}


def written(session: Session, *, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None) -> None:
    """Count a row of this campaign (none: a standing one) of this workspace as written, as
    a flush of it would: for a write that passes no flush (a Core insert)."""
    session.info.setdefault(TOUCHED, set()).add(workspace_id)
    if campaign_id is not None:
        session.info.setdefault(CAMPAIGNS, set()).add(campaign_id)


def _bump(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    touched: set[uuid.UUID] | None = session.info.pop(TOUCHED, None)
    campaigns: set[uuid.UUID] = session.info.pop(CAMPAIGNS, None) or set()
    shared = bool(session.info.pop(SHARED, False))
    if not touched:
        return
    connection = session.connection()
    postgresql = connection.dialect.name == "postgresql"
    stmt = _BUMPS[postgresql, shared]
    for workspace_id in sorted(touched):  # one order, so two writers never wait in a circle
        connection.execute(stmt, {"workspace_id": workspace_id, "version": secrets.randbits(62)})
    if campaigns and not shared:
        connection.execute(
            _CAMPAIGN_BUMPS[postgresql],
            {"campaign_ids": sorted(campaigns), "version": secrets.randbits(62)},
        )


def _forget(session: Session, *_args: Any) -> None:
    for name in (TOUCHED, CAMPAIGNS, SHARED):
        session.info.pop(name, None)


def _bulk_write(state: ORMExecuteState) -> None:
    """An UPDATE or DELETE statement on a table the checks read (an import's undo deletes
    its members so) passes no flush, and what it cascades to is unknown here: count it as
    a write to what every campaign reads, so the next check judges them all again."""
    mapper = state.bind_mapper
    watched = mapper is not None and issubclass(mapper.class_, (*SHARED_MODELS, *CAMPAIGN_MODELS))
    if watched and (state.is_update or state.is_delete):
        state.session.info[SHARED] = True


event.listen(Session, "before_flush", _collect)
event.listen(Session, "do_orm_execute", _bulk_write)
event.listen(Session, "before_commit", _bump)
event.listen(Session, "after_rollback", _forget)


def current(session: Session, workspace_id: uuid.UUID) -> int:
    found = session.scalar(
        select(DivisionVersion.version).where(DivisionVersion.workspace_id == workspace_id)
    )
    return found or 0


def shared(session: Session, workspace_id: uuid.UUID) -> int:
    found = session.scalar(
        select(DivisionVersion.shared).where(DivisionVersion.workspace_id == workspace_id)
    )
    return found or 0


class Cache:
    """A small least-recently-used map, shared by the threads of a process."""

    def __init__(self, entries: int = ENTRIES) -> None:
        self._entries = entries
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                found: T = self._items[key]
                return found
            self.misses += 1
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._entries:
                self._items.popitem(last=False)
        return value

    def peek(self, key: Hashable) -> Any:
        """The value cached for `key` (counted as a hit), or None (a miss)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
            return None

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


checks = Cache()
campaigns = Cache(entries=20_000)  # one campaign's own findings (`app.division.own`)
catalogs = Cache(entries=ENTRIES)  # a workspace's roles and skill holders
