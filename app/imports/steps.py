"""Imports written through a resource's own service (assignments, tasks): each valid row
becomes a step that calls the service, so every rule the API applies applies to it.

A step runs in a SAVEPOINT: a row the service refuses leaves nothing behind and becomes
that row's error. The dry run (`rehearse`) runs every step and rolls them all back, so
it reports exactly what the commit would refuse, including rules between rows (a second
accountable for the same scope two lines further down).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.core.errors import DomainError
from app.core.i18n import N_
from app.imports.rows import RowError

Change = dict[str, Any]  # what undo needs: entity, entity_id, before (None: created)


@dataclass
class Step:
    row: int
    creates: bool
    write: Callable[[], Change]


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    fields: dict[str, str] = field(default_factory=dict)  # the service's field → import field
    columns: dict[str, str] = field(default_factory=dict)  # import field → column


def row_error(number: int, exc: DomainError, planned: Plan) -> RowError:
    """A service's refusal as the row's error, on the import field it concerns."""
    first = (exc.errors or [{}])[0]
    loc = first.get("loc") or []
    name = planned.fields.get(str(loc[-1])) if loc else None
    code = str(first.get("type") or exc.problem_type).replace("-", "_")
    return RowError(number, planned.columns.get(name or ""), name, code, exc.message, exc.params)


def invalid(number: int, exc: ValidationError, planned: Plan) -> RowError:
    """A value the service's input model refuses (a check the row's parsing did not make)."""
    loc = exc.errors()[0]["loc"] if exc.errors() else ()
    name = planned.fields.get(str(loc[0])) if loc else None
    return RowError(
        number,
        planned.columns.get(name or ""),
        name,
        "invalid",
        N_("This value is not allowed here."),
    )


def execute(session: Session, planned: Plan) -> list[Change]:
    """Run every step; refused rows become errors. The changes of the rows written."""
    changes: list[Change] = []
    planned.created = planned.updated = 0
    for step in planned.steps:
        try:
            with session.begin_nested():
                change = step.write()
        except DomainError as exc:
            planned.errors.append(row_error(step.row, exc, planned))
            continue
        changes.append(change)
        if step.creates:
            planned.created += 1
        else:
            planned.updated += 1
    return changes


def rehearse(session: Session, planned: Plan) -> None:
    """The dry run: every step, then all of it rolled back; the refusals stay as errors."""
    savepoint = session.begin_nested()
    try:
        execute(session, planned)
    finally:
        savepoint.rollback()
