"""Record what changed: every write calls `record()` in its own transaction.

    before = activity.fields(skill, SKILL_FIELDS)
    apply_changes(skill, changes)
    activity.record(session, ctx=ctx, verb="skill.updated", subject_id=skill.id,
                    subject_name=skill.name, before=before,
                    after=activity.fields(skill, SKILL_FIELDS))

With both `before` and `after`, only the fields that differ are kept, and nothing is
recorded when none does. A creation passes `after` only (its set fields), a deletion
`before` only (what was removed). Values become JSON (ids and dates as text, enums as
their values). Never pass a secret: tokens and passwords are recorded as facts
("a token named X was created"), not values.
"""

import enum
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from app.activity.ids import uuid7
from app.core import clock
from app.core.logs import REQUEST_ID
from app.core.permissions import Actor, WorkspaceContext
from app.live.publish import remember_written
from app.models import Activity, Member, User

_NAMES = "activity_actor_names"
_ACTIVITIES = cast(Table, Activity.__table__)


@dataclass(frozen=True)
class Origin:
    """Who acts, and where: a member in a workspace, a user on their own account, or
    Troupe itself (no user, no member: a job). Services usually pass their `ctx`."""

    workspace_id: uuid.UUID | None
    user_id: uuid.UUID | None = None
    member_id: uuid.UUID | None = None

    @classmethod
    def of(cls, ctx: "WorkspaceContext | Actor | Origin") -> "Origin":
        if isinstance(ctx, Origin):
            return ctx
        if isinstance(ctx, Actor):
            return cls(workspace_id=None, user_id=ctx.user_id)
        return cls(
            workspace_id=ctx.workspace_id, user_id=ctx.actor.user_id, member_id=ctx.member_id
        )


def record(
    session: Session,
    *,
    ctx: WorkspaceContext | Actor | Origin,
    verb: str,
    subject_id: uuid.UUID,
    subject_name: str = "",
    campaign_id: uuid.UUID | None = None,
    member_id: uuid.UUID | None = None,
    related_member_id: uuid.UUID | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str | None = None,
    reason_code: str | None = None,
    reason_params: Mapping[str, Any] | None = None,
) -> Activity | None:
    """Add one activity to the session (`None`, and nothing added, if nothing changed).

    `verb` is `subject.action` (`campaign.updated`); its first part is the subject type.
    """
    subject_type, _, action = verb.partition(".")
    if not subject_type or not action:
        raise ValueError(f"an activity verb is subject.action, not {verb!r}")
    old, new = jsonable(before), jsonable(after)
    if old is not None and new is not None:
        changed = [key for key in {**old, **new} if old.get(key) != new.get(key)]
        if not changed:
            return None
        old = {key: old.get(key) for key in changed}
        new = {key: new.get(key) for key in changed}
    origin = Origin.of(ctx)
    when = clock.now()
    entry = Activity(
        id=uuid7(when),
        workspace_id=origin.workspace_id,
        occurred_at=when,
        verb=verb,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_name=subject_name[:200],
        campaign_id=campaign_id,
        member_id=member_id,
        related_member_id=related_member_id,
        actor_user_id=origin.user_id,
        actor_member_id=origin.member_id,
        actor_name=actor_name(session, origin),
        before=old,
        after=new,
        reason=reason or "",
        reason_code=reason_code,
        reason_params=jsonable(reason_params),
        request_id=REQUEST_ID.get(),
    )
    session.add(entry)
    return entry


def record_created(
    session: Session,
    *,
    ctx: WorkspaceContext | Actor | Origin,
    verb: str,
    entries: Sequence[Mapping[str, Any]],
) -> int:
    """Record many creations at once: one executemany insert, no ORM object per entry.

    Each entry holds `record()`'s keywords of a creation (`subject_id`, `subject_name`,
    `campaign_id`, `member_id`, `after`, `reason_code`, `reason_params`). The rows are
    published when the transaction commits, as `record()`'s are.
    """
    subject_type, _, action = verb.partition(".")
    if not subject_type or not action or not entries:
        if entries:
            raise ValueError(f"an activity verb is subject.action, not {verb!r}")
        return 0
    origin = Origin.of(ctx)
    when = clock.now()
    common = {
        "workspace_id": origin.workspace_id,
        "occurred_at": when,
        "verb": verb,
        "subject_type": subject_type,
        "related_member_id": None,
        "actor_user_id": origin.user_id,
        "actor_member_id": origin.member_id,
        "actor_name": actor_name(session, origin),
        "before": None,
        "reason": "",
        "request_id": REQUEST_ID.get(),
    }
    rows = [
        {
            **common,
            "id": uuid7(when),
            "subject_id": entry["subject_id"],
            "subject_name": entry.get("subject_name", "")[:200],
            "campaign_id": entry.get("campaign_id"),
            "member_id": entry.get("member_id"),
            "after": jsonable(entry.get("after")),
            "reason_code": entry.get("reason_code"),
            "reason_params": jsonable(entry.get("reason_params")),
        }
        for entry in entries
    ]
    statement = insert(_ACTIVITIES).execution_options(insertmanyvalues_page_size=50)
    session.execute(statement, rows)  # Core: no ORM bookkeeping; pages as occurrences
    remember_written(session, rows)
    return len(rows)


def fields(obj: object, names: Iterable[str]) -> dict[str, Any]:
    """The named attributes of `obj`, as JSON values (a snapshot to diff later)."""
    return {name: _json_value(getattr(obj, name)) for name in names}


def jsonable(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {str(key): _json_value(value) for key, value in values.items()}


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_json_value(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if hasattr(value, "model_dump"):
        return _json_value(value.model_dump())
    raise TypeError(f"cannot record a {type(value).__name__} in an activity")


def remember_actor_name(session: Session, origin: Origin, name: str) -> None:
    """The acting member's display name, read with the caller (saves a statement later)."""
    session.info.setdefault(_NAMES, {})[(origin.member_id, origin.user_id)] = name


def actor_name(session: Session, origin: Origin) -> str:
    """The acting member's (else user's) display name now; remembered for the session."""
    if origin.member_id is None and origin.user_id is None:
        return ""
    names: dict[tuple[uuid.UUID | None, uuid.UUID | None], str] = session.info.setdefault(
        _NAMES, {}
    )
    key = (origin.member_id, origin.user_id)
    if key not in names:
        if origin.member_id is not None:
            query = select(Member.display_name).where(Member.id == origin.member_id)
        else:
            query = select(User.display_name).where(User.id == origin.user_id)
        names[key] = session.scalar(query) or ""
    return names[key]
