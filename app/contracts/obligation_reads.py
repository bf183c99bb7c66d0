"""Obligations as the API shows them: each names its owner (`owner_name`), read for a whole
page of obligations in one query by the owners' ids, never one query per obligation; a
name counts only if its member is in the obligation's workspace."""

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.contracts.obligation_schemas import ObligationRead
from app.models import Member
from app.models.paper import Obligation


def replies(session: Session, found: Sequence[Obligation]) -> list[ObligationRead]:
    """The obligations as replies, their owners named (None for no owner)."""
    owner_ids = {o.owner_member_id for o in found if o.owner_member_id is not None}
    query = select(Member.workspace_id, Member.id, Member.display_name).where(
        Member.id.in_(owner_ids), Member.workspace_id.in_({o.workspace_id for o in found})
    )
    names: dict[tuple[uuid.UUID, uuid.UUID | None], str] = (
        {(workspace, member): name for workspace, member, name in session.execute(query)}
        if owner_ids
        else {}
    )
    fields = [name for name in ObligationRead.model_fields if name != "owner_name"]
    return [
        ObligationRead.model_validate(
            {
                **{name: getattr(o, name) for name in fields},
                "owner_name": names.get((o.workspace_id, o.owner_member_id)),
            }
        )
        for o in found
    ]


def reply(session: Session, obligation: Obligation) -> ObligationRead:
    return replies(session, [obligation])[0]
