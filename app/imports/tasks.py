"""Task rows: title, description, campaign, scope, owner, due date, status, priority,
estimate. Each valid row is written by the tasks service (`steps`): its rules hold (a
scope of that campaign, a reason when blocked, the owner defaulting to the scope's
accountable). A task is "stored already" when one in the same campaign has the same
title: skipped, updated (the other given fields) or refused.
"""

import re
import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.imports import cells, lookup
from app.imports.fields import OnDuplicate
from app.imports.rows import Records, RowError
from app.imports.steps import Change, Plan, Step, invalid
from app.models import Task
from app.tasks import service as tasks
from app.tasks.schemas import TaskCreate, TaskUpdate

SERVICE_FIELDS = {
    "title": "title",
    "description": "description",
    "campaign_id": "campaign",
    "scope_id": "scope",
    "owner_member_id": "owner",
    "due_at": "due_at",
    "status": "status",
    "priority": "priority",
    "estimate_hours": "estimate_hours",
    "blocked_reason": "blocked_reason",
}
_SERIAL_TIME = re.compile(r"\d{5}\.\d+")  # an Excel serial day with a time of day
KEPT = ("title", "campaign_id")  # what finds a stored task: never updated
Key = tuple[str, uuid.UUID | None]


def due(text: str, tz: ZoneInfo) -> date | datetime:
    """A day (due at its end, workspace time) or an instant when the cell has a time."""
    if ":" in text or _SERIAL_TIME.fullmatch(text):
        return cells.instant(text, tz)
    return cells.day(text)


def _values(
    record: dict[str, str], known: lookup.Workspace, tz: ZoneInfo, error: Any
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    title = record.get("title", "")
    if not title:
        error("title", "missing", N_("A title is required."))
    elif len(title) > 200:
        error("title", "too_long", N_("At most {limit} characters."), limit=200)
    else:
        values["title"] = title
    if text := record.get("description", ""):
        values["description"] = text
    campaign_text, scope_text = record.get("campaign", ""), record.get("scope", "")
    campaign_id = (
        lookup.resolve(campaign_text, known.campaigns, "campaign", error) if campaign_text else None
    )
    values["campaign_id"] = campaign_id
    if scope_text and not campaign_text:
        error("scope", "scope_without_campaign", N_("A scope needs its campaign."))
    elif scope_text and campaign_id is not None:
        scopes = known.scopes.get(campaign_id, lookup.Names())
        values["scope_id"] = lookup.resolve(scope_text, scopes, "scope", error)
    if text := record.get("owner", ""):
        values["owner_member_id"] = lookup.resolve(text, known.members, "owner", error)
    if text := record.get("due_at", ""):
        try:
            values["due_at"] = due(text, tz)
        except ValueError:
            error("due_at", "date", N_("{text} is not a date."), text=text)
    for name, words, message in (
        ("status", lookup.TASK_STATUS, N_("{text} is not a task status.")),
        ("priority", lookup.PRIORITY, N_("{text} is not a priority.")),
    ):
        if text := record.get(name, ""):
            if lookup.norm(text) in words:
                values[name] = words[lookup.norm(text)]
            else:
                error(name, name, message, text=text)
    if text := record.get("estimate_hours", ""):
        try:
            values["estimate_hours"] = cells.number(text)
            if not 0 <= values["estimate_hours"] <= 1000:
                raise ValueError(text)
        except ValueError:
            error(
                "estimate_hours",
                "hours",
                N_("{text} is not a number of hours between 0 and 1000."),
                text=text,
            )
    if text := record.get("blocked_reason", ""):
        values["blocked_reason"] = text[:2000]
    return values


def _stored(session: Session, ctx: WorkspaceContext) -> dict[Key, uuid.UUID | None]:
    found: dict[Key, uuid.UUID | None] = {}
    for task in session.execute(
        select(Task.id, Task.title, Task.campaign_id).where(Task.workspace_id == ctx.workspace_id)
    ):
        key = (task.title.strip().lower(), task.campaign_id)
        found[key] = None if key in found else task.id  # None: several share it
    return found


def plan(
    session: Session, *, ctx: WorkspaceContext, records: Records, on_duplicate: OnDuplicate
) -> Plan:
    known = lookup.load(session, ctx)
    stored = _stored(session, ctx)
    tz = ZoneInfo(ctx.timezone)
    result = Plan(errors=list(records.errors), fields=SERVICE_FIELDS, columns=records.mapping)
    bad, flagged, column = records.bad_rows(), records.flagged(), records.mapping.get
    first_row: dict[Key, int] = {}
    for record, number in zip(records.rows, records.numbers, strict=True):
        errors: list[RowError] = []

        def error(name: str, code: str, message: str, /, **params: Any) -> None:
            if (number, name) not in flagged:  # noqa: B023
                errors.append(RowError(number, column(name), name, code, message, params))  # noqa: B023

        values = _values(record, known, tz, error)
        if errors or number in bad:
            result.errors += errors
            continue
        key: Key = (values["title"].lower(), values["campaign_id"])
        if key in first_row:
            result.errors.append(
                RowError(
                    number,
                    column("title"),
                    "title",
                    "repeated_row",
                    N_("This row repeats row {row} (same title and campaign)."),
                    {"row": first_row[key]},
                )
            )
            continue
        first_row[key] = number
        if key not in stored:
            _create(session, ctx, result, number, values)
        elif on_duplicate is OnDuplicate.skip:
            result.skipped += 1
        elif on_duplicate is OnDuplicate.error or stored[key] is None:
            message = (
                N_("A task with this title exists in this campaign already.")
                if stored[key] is not None
                else N_("Several tasks of this campaign have this title; none is updated.")
            )
            result.errors.append(RowError(number, column("title"), "title", "duplicate", message))
        elif not set(values) - set(KEPT):
            result.skipped += 1
        else:
            task_id = stored[key]
            assert task_id is not None
            _update(session, ctx, result, number, task_id, values)
    return result


def _create(
    session: Session, ctx: WorkspaceContext, result: Plan, number: int, values: dict[str, Any]
) -> None:
    try:
        given = TaskCreate(**values)
    except ValidationError as exc:
        result.errors.append(invalid(number, exc, result))
        return

    def write() -> Change:
        made = tasks.create(session, ctx=ctx, task_in=given)
        return {"entity": "task", "entity_id": made.id, "before": None}

    result.steps.append(Step(number, True, write))


def _update(
    session: Session,
    ctx: WorkspaceContext,
    result: Plan,
    number: int,
    task_id: uuid.UUID,
    values: dict[str, Any],
) -> None:
    try:
        change = TaskUpdate(**{k: v for k, v in values.items() if k not in KEPT})
    except ValidationError as exc:
        result.errors.append(invalid(number, exc, result))
        return
    remembered = set(change.model_fields_set) | (
        {"blocked_reason"} if "status" in change.model_fields_set else set()
    )

    def write() -> Change:
        current = tasks.get(session, ctx=ctx, task_id=task_id)
        before = current.model_dump(mode="json", include=remembered)
        tasks.update(session, ctx=ctx, task_id=task_id, task_in=change, if_match=None)
        return {"entity": "task", "entity_id": task_id, "before": before}

    result.steps.append(Step(number, False, write))


def revert(session: Session, *, ctx: WorkspaceContext, changes: list[Any]) -> None:
    """Delete the tasks the import created; give changed ones their values back."""
    mine = [c for c in changes if c.entity == "task"]
    existing = set(
        session.scalars(
            select(Task.id).where(
                Task.workspace_id == ctx.workspace_id, Task.id.in_([c.entity_id for c in mine])
            )
        )
    )
    for change in (c for c in mine if c.before is None and c.entity_id in existing):
        tasks.delete(session, ctx=ctx, task_id=change.entity_id, if_match=None)
    for change in (c for c in mine if c.before is not None and c.entity_id in existing):
        tasks.update(
            session,
            ctx=ctx,
            task_id=change.entity_id,
            task_in=TaskUpdate.model_validate(change.before),
            if_match=None,
        )
    session.flush()
