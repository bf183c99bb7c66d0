"""What an assignment refers to, looked up before it is written.

Every referenced id must be in the caller's workspace (404 otherwise) and make sense
together. A change looks the changed references up in one statement (a scalar subquery
each); a new assignment looks up, in that same one statement, also its campaign's dates
(for its defaults) and whether an active twin exists: the statements of a create do not
depend on what it is given, and are built once (one compiled select per combination of
a campaign and a scope being given or not).
"""

import functools
import uuid
from datetime import date
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, ScalarSelect, Select, bindparam, exists, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.errors import AlreadyExists, InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.models import Assignment, Campaign, Member, Role, Scope
from app.models.enums import AssignmentStatus, MemberStatus

Found = dict[str, Any]


def check_dates(starts_on: date, ends_on: date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        message = N_("ends_on must not be before starts_on.")
        raise InvalidInput(
            message, errors=[field_error(("body", "ends_on"), message, "date_order")]
        )


def look_up_new(session: Session, *, ctx: WorkspaceContext, values: dict[str, Any]) -> Found:
    """The references of a new assignment, its campaign's dates and whether it has an
    active twin (same member, role, campaign, scope and letter), in one statement.

    Nothing is judged here: `check_references` and `check_no_twin` raise, in that order,
    once the caller has checked what comes first (the dates)."""
    campaign_id, scope_id = values["campaign_id"], values["scope_id"]
    stmt = _new_probe(campaign_id is not None, scope_id is not None)
    params = {
        "workspace_id": ctx.workspace_id,
        "member_id": values["member_id"],
        "role_id": values["role_id"],
        "campaign_id": campaign_id,
        "scope_id": scope_id,
        "raci": values["raci"],
    }
    return dict(session.execute(stmt, params).one()._mapping)


def look_up_changed(
    session: Session, *, ctx: WorkspaceContext, values: dict[str, Any], changed: set[str]
) -> Found:
    """The changed references of an assignment, one statement (none if nothing changed)."""
    probes: dict[str, ScalarSelect[Any]] = {}
    ws = ctx.workspace_id
    if "member_id" in changed:
        probes["member_status"] = _in_workspace(Member.status, Member, values["member_id"], ws)
    if "role_id" in changed:
        probes["role_id"] = _in_workspace(Role.id, Role, values["role_id"], ws)
    if "campaign_id" in changed and values["campaign_id"] is not None:
        probes["campaign_id"] = _in_workspace(Campaign.id, Campaign, values["campaign_id"], ws)
    if "scope_id" in changed and values["scope_id"] is not None:
        probes["scope_campaign_id"] = _in_workspace(
            Scope.campaign_id, Scope, values["scope_id"], ws
        )
    if not probes:
        return {}
    found = session.execute(select(*(probe.label(key) for key, probe in probes.items()))).one()
    return dict(zip(probes, found, strict=True))


def check_references(found: Found, values: dict[str, Any]) -> None:
    """404 for a reference not in the workspace, 422 for one that does not fit."""
    if "member_status" in found:
        status = found["member_status"]
        if status is None:
            raise NotFound(N_("Member not found."))
        if MemberStatus(status) is not MemberStatus.active:
            message = N_("This member is inactive; reactivate them before assigning work.")
            raise InvalidInput(
                message, errors=[field_error(("body", "member_id"), message, "member_inactive")]
            )
    if "role_id" in found and found["role_id"] is None:
        raise NotFound(N_("Role not found."))
    if "campaign_id" in found and found["campaign_id"] is None:
        raise NotFound(N_("Campaign not found."))
    if "scope_campaign_id" in found:
        scope_campaign_id = found["scope_campaign_id"]
        if scope_campaign_id is None:
            raise NotFound(N_("Scope not found."))
        if scope_campaign_id != values["campaign_id"]:
            message = N_("This scope belongs to another campaign.")
            raise InvalidInput(
                message, errors=[field_error(("body", "scope_id"), message, "scope_mismatch")]
            )


def check_no_twin(found: Found) -> None:
    if found["twin"]:
        raise AlreadyExists(N_("This member already has exactly this assignment."))


def _in_workspace(
    column: InstrumentedAttribute[Any],
    model: type[Member | Role | Campaign | Scope],
    object_id: uuid.UUID | BindParameter[Any],
    workspace_id: uuid.UUID | BindParameter[Any],
) -> ScalarSelect[Any]:
    return (
        select(column)
        .where(model.id == object_id, model.workspace_id == workspace_id)
        .scalar_subquery()
    )


def _param(name: str) -> BindParameter[Any]:
    return bindparam(name)


@functools.cache
def _new_probe(with_campaign: bool, with_scope: bool) -> Select[Any]:
    ws, member, role, campaign, scope = (
        _param(name) for name in ("workspace_id", "member_id", "role_id", "campaign_id", "scope_id")
    )
    probes: dict[str, ColumnElement[Any]] = {
        "member_status": _in_workspace(Member.status, Member, member, ws),
        "role_id": _in_workspace(Role.id, Role, role, ws),
    }
    if with_campaign:
        probes["campaign_id"] = _in_workspace(Campaign.id, Campaign, campaign, ws)
        probes["campaign_starts_on"] = _in_workspace(Campaign.starts_on, Campaign, campaign, ws)
        probes["campaign_ends_on"] = _in_workspace(Campaign.ends_on, Campaign, campaign, ws)
    if with_scope:
        probes["scope_campaign_id"] = _in_workspace(Scope.campaign_id, Scope, scope, ws)
    probes["twin"] = exists().where(
        Assignment.member_id == member,
        Assignment.role_id == role,
        Assignment.campaign_id == campaign if with_campaign else Assignment.campaign_id.is_(None),
        Assignment.scope_id == scope if with_scope else Assignment.scope_id.is_(None),
        Assignment.raci == bindparam("raci"),
        Assignment.status == AssignmentStatus.active,
    )
    return select(*(probe.label(key) for key, probe in probes.items()))
