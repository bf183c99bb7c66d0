"""Assignment rows: member, role, campaign, scope, RACI letter, allocation, dates.

Names are found in the workspace (`lookup`); each valid row is written by the
assignments service (`steps`), so the API's rules hold: one accountable per scope, no
twin of an active assignment, an active member, the scope of that campaign. A row that
names an active assignment already (same member, role, campaign, scope and letter) is
skipped, updated (allocation, dates, note) or refused.
"""

import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.assignments import reads
from app.assignments import service as assignments
from app.assignments.schemas import AssignmentCreate, AssignmentUpdate
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.imports import cells, lookup
from app.imports.fields import OnDuplicate
from app.imports.rows import Records, RowError
from app.imports.steps import Change, Plan, Step, invalid
from app.models import Assignment
from app.models.enums import AssignmentStatus

SERVICE_FIELDS = {
    "member_id": "member",
    "role_id": "role",
    "campaign_id": "campaign",
    "scope_id": "scope",
    "raci": "raci",
    "allocation_percent": "allocation_percent",
    "starts_on": "starts_on",
    "ends_on": "ends_on",
    "note": "note",
}
UPDATED = ("allocation_percent", "starts_on", "ends_on", "note")
Key = tuple[uuid.UUID, uuid.UUID, uuid.UUID | None, uuid.UUID | None, str]


def _active(session: Session, ctx: WorkspaceContext) -> dict[Key, uuid.UUID]:
    return {
        (a.member_id, a.role_id, a.campaign_id, a.scope_id, str(a.raci)): a.id
        for a in session.execute(
            select(
                Assignment.id,
                Assignment.member_id,
                Assignment.role_id,
                Assignment.campaign_id,
                Assignment.scope_id,
                Assignment.raci,
            ).where(
                Assignment.workspace_id == ctx.workspace_id,
                Assignment.status == AssignmentStatus.active,
            )
        )
    }


def allocation(text: str) -> int:
    """A percent, 0–100: `30`, `30%`, `1` (1 %), `100`; a share only when written below 1 with
    a decimal separator: `0.5` → 50 (`1.0` is 1 %). An XLSX cell formatted as a percent is
    read as `100%`, so it never arrives as the share 1."""
    percent = text.endswith("%")
    value = cells.number(text.rstrip("%").strip()) if percent else cells.number(text)
    if not percent and 0 < value < 1:
        value *= 100
    if not 0 <= value <= 100 or abs(value - round(value)) > 1e-6:
        raise ValueError(text)
    return round(value)


def _values(record: dict[str, str], known: lookup.Workspace, error: Any) -> dict[str, Any]:
    """The service's fields of one row (only those given); errors reported through `error`."""
    values: dict[str, Any] = {}
    for name, names in (("member", known.members), ("role", known.roles)):
        text = record.get(name, "")
        if not text:
            error(name, "missing", N_("This field is required."))
        else:
            values[f"{name}_id"] = lookup.resolve(text, names, name, error)
    campaign_text, scope_text = record.get("campaign", ""), record.get("scope", "")
    campaign_id = (
        lookup.resolve(campaign_text, known.campaigns, "campaign", error) if campaign_text else None
    )
    values["campaign_id"] = campaign_id
    values["scope_id"] = None
    if scope_text and not campaign_text:
        error("scope", "scope_without_campaign", N_("A scope needs its campaign."))
    elif scope_text and campaign_id is not None:
        scopes = known.scopes.get(campaign_id, lookup.Names())
        values["scope_id"] = lookup.resolve(scope_text, scopes, "scope", error)
    letter = record.get("raci", "")
    if not letter:
        error("raci", "missing", N_("This field is required."))
    elif lookup.norm(letter) not in lookup.RACI:
        error("raci", "raci", N_("{text} is not one of R, A, C or I."), text=letter)
    else:
        values["raci"] = lookup.RACI[lookup.norm(letter)]
    if text := record.get("allocation_percent", ""):
        try:
            values["allocation_percent"] = allocation(text)
        except ValueError:
            error(
                "allocation_percent",
                "allocation",
                N_("{text} is not a share from 0 to 100 %."),
                text=text,
            )
    for name in ("starts_on", "ends_on"):
        if text := record.get(name, ""):
            try:
                values[name] = cells.day(text)
            except ValueError:
                error(name, "date", N_("{text} is not a date."), text=text)
    if note := record.get("note", ""):
        values["note"] = note[:10_000]
    return values


def plan(
    session: Session, *, ctx: WorkspaceContext, records: Records, on_duplicate: OnDuplicate
) -> Plan:
    known = lookup.load(session, ctx)
    stored = _active(session, ctx)
    result = Plan(errors=list(records.errors), fields=SERVICE_FIELDS, columns=records.mapping)
    bad, flagged, column = records.bad_rows(), records.flagged(), records.mapping.get
    first_row: dict[Key, int] = {}
    for record, number in zip(records.rows, records.numbers, strict=True):
        errors: list[RowError] = []

        def error(name: str, code: str, message: str, /, **params: Any) -> None:
            if (number, name) not in flagged:  # noqa: B023
                errors.append(RowError(number, column(name), name, code, message, params))  # noqa: B023

        values = _values(record, known, error)
        start, end = values.get("starts_on"), values.get("ends_on")
        if start is not None and end is not None and end < start:
            error("ends_on", "date_order", N_("ends_on must not be before starts_on."))
        if errors or number in bad:
            result.errors += errors
            continue
        key: Key = (
            values["member_id"],
            values["role_id"],
            values["campaign_id"],
            values["scope_id"],
            str(values["raci"]),
        )
        if key in first_row:
            result.errors.append(
                RowError(
                    number,
                    None,
                    None,
                    "repeated_row",
                    N_("This row repeats row {row} (same member, role, scope and letter)."),
                    {"row": first_row[key]},
                )
            )
            continue
        first_row[key] = number
        existing = stored.get(key)
        if existing is None:
            _create(session, ctx, result, number, values)
        elif on_duplicate is OnDuplicate.error:
            result.errors.append(
                RowError(
                    number,
                    column("member"),
                    "member",
                    "duplicate",
                    N_("This member has exactly this assignment already."),
                )
            )
        elif on_duplicate is OnDuplicate.skip or not any(k in values for k in UPDATED):
            result.skipped += 1
        else:
            _update(session, ctx, result, number, existing, values)
    return result


def _create(
    session: Session, ctx: WorkspaceContext, result: Plan, number: int, values: dict[str, Any]
) -> None:
    try:
        given = AssignmentCreate(**values)
    except ValidationError as exc:
        result.errors.append(invalid(number, exc, result))
        return

    def write() -> Change:
        made, _ = assignments.create(session, ctx=ctx, assignment_in=given)
        return {"entity": "assignment", "entity_id": made.id, "before": None}

    result.steps.append(Step(number, True, write))


def _update(
    session: Session,
    ctx: WorkspaceContext,
    result: Plan,
    number: int,
    assignment_id: uuid.UUID,
    values: dict[str, Any],
) -> None:
    change = AssignmentUpdate(**{k: values[k] for k in UPDATED if k in values})

    def write() -> Change:
        current, _ = reads.read(session, ctx=ctx, assignment_id=assignment_id)
        before = current.model_dump(mode="json", include=set(change.model_fields_set))
        assignments.update(
            session, ctx=ctx, assignment_id=assignment_id, assignment_in=change, if_match=None
        )
        return {"entity": "assignment", "entity_id": assignment_id, "before": before}

    result.steps.append(Step(number, False, write))


def revert(session: Session, *, ctx: WorkspaceContext, changes: list[Any]) -> None:
    """Delete the assignments the import created; give changed ones their values back."""
    mine = [c for c in changes if c.entity == "assignment"]
    existing = set(
        session.scalars(
            select(Assignment.id).where(
                Assignment.workspace_id == ctx.workspace_id,
                Assignment.id.in_([c.entity_id for c in mine]),
            )
        )
    )
    for change in (c for c in mine if c.before is None and c.entity_id in existing):
        assignments.delete(session, ctx=ctx, assignment_id=change.entity_id, if_match=None)
    for change in (c for c in mine if c.before is not None and c.entity_id in existing):
        assignments.update(
            session,
            ctx=ctx,
            assignment_id=change.entity_id,
            assignment_in=AssignmentUpdate.model_validate(change.before),
            if_match=None,
        )
