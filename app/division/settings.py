"""A workspace's division settings: health-check thresholds and suggestion weights."""

from dataclasses import dataclass, fields
from typing import Annotated, Any

from pydantic import ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.crud import apply_changes
from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.schemas import InputModel, ReadModel
from app.core.validation import omittable
from app.core.versioning import ensure_version
from app.models import DivisionSettings
from app.models.enums import Access

Weight = Annotated[int, Field(ge=0, le=100, description="Relative weight, 0–100.")]
OverAllocation = Annotated[
    int, Field(ge=50, le=300, description="A week above this share of capacity is over-allocated.")
]
ScopeShare = Annotated[
    int,
    Field(
        ge=10,
        le=100,
        description="Flag one member accountable for more than this share (%) of the scopes.",
    ),
]
MinScopes = Annotated[
    int, Field(ge=1, le=100, description="Only campaigns with at least this many scopes.")
]
MaxHolders = Annotated[
    int,
    Field(
        ge=0,
        le=10,
        description="Flag a required skill held (at the required level) by at most this many "
        "active members; 0 turns the check off.",
    ),
]
IdleBelow = Annotated[
    int,
    Field(
        ge=0,
        le=100,
        description="Also count as idle a member booked below this share (%) of their week.",
    ),
]
SuggestedAllocation = Annotated[
    int, Field(ge=0, le=100, description="Allocation (%) a suggested assignment starts with.")
]


@dataclass(frozen=True)
class Thresholds:
    """The effective settings (the stored row, or the defaults)."""

    over_allocation_percent: int = 100
    spof_scope_share_percent: int = 50
    spof_min_scopes: int = 3
    spof_max_skill_holders: int = 1
    idle_below_percent: int = 0
    suggested_allocation_percent: int = 20
    weight_skill_fit: int = 50
    weight_spare_capacity: int = 30
    weight_spread: int = 20


FIELD_NAMES = tuple(f.name for f in fields(Thresholds))


class DivisionSettingsRead(ReadModel):
    over_allocation_percent: int
    spof_scope_share_percent: int
    spof_min_scopes: int
    spof_max_skill_holders: int
    idle_below_percent: int
    suggested_allocation_percent: int
    weight_skill_fit: int
    weight_spare_capacity: int
    weight_spread: int
    customized: bool = Field(description="`false` while the workspace uses the defaults.")


class DivisionSettingsUpdate(InputModel):
    """Fields to change; the three weights must not all be 0."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"over_allocation_percent": 110, "weight_spare_capacity": 40}]
        },
    )

    over_allocation_percent: OverAllocation = omittable()
    spof_scope_share_percent: ScopeShare = omittable()
    spof_min_scopes: MinScopes = omittable()
    spof_max_skill_holders: MaxHolders = omittable()
    idle_below_percent: IdleBelow = omittable()
    suggested_allocation_percent: SuggestedAllocation = omittable()
    weight_skill_fit: Weight = omittable()
    weight_spare_capacity: Weight = omittable()
    weight_spread: Weight = omittable()


def load(session: Session, *, ctx: WorkspaceContext) -> tuple[Thresholds, DivisionSettings | None]:
    row = session.scalar(
        select(DivisionSettings).where(DivisionSettings.workspace_id == ctx.workspace_id)
    )
    if row is None:
        return Thresholds(), None
    return Thresholds(**{name: getattr(row, name) for name in FIELD_NAMES}), row


def thresholds(session: Session, *, ctx: WorkspaceContext) -> Thresholds:
    return load(session, ctx=ctx)[0]


def read(values: Thresholds, row: DivisionSettings | None) -> DivisionSettingsRead:
    return DivisionSettingsRead(
        **{name: getattr(values, name) for name in FIELD_NAMES}, customized=row is not None
    )


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    settings_in: DivisionSettingsUpdate,
    if_match: frozenset[int] | None,
) -> tuple[Thresholds, DivisionSettings]:
    """Change the settings (admin); the first change stores the row (version 0 → 1)."""
    ctx.require(Access.admin)
    current, row = load(session, ctx=ctx)
    ensure_version(row.version if row else 0, if_match)
    changes: dict[str, Any] = settings_in.model_dump(exclude_unset=True)
    merged = Thresholds(**{**current.__dict__, **changes})
    if merged.weight_skill_fit + merged.weight_spare_capacity + merged.weight_spread == 0:
        message = N_("At least one weight must be above 0.")
        raise InvalidInput(
            message, errors=[field_error(("body", "weight_skill_fit"), message, "weights")]
        )
    if row is None:
        row = DivisionSettings(workspace_id=ctx.workspace_id, **merged.__dict__)
        session.add(row)
    else:
        apply_changes(row, changes)
    activity.record(
        session,
        ctx=ctx,
        verb="division_settings.updated",
        subject_id=ctx.workspace_id,
        before=current.__dict__,
        after=merged.__dict__,
    )
    session.flush()
    return merged, row
