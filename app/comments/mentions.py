"""Mentions in a comment: who they are, and refusing those who cannot see the subject.

`@[Name](member:<id>)` must name a member who may see the subject (else 422, with no word
about who they are); `@role:<key>` must name a role of the workspace and reaches those
holding it (an active assignment) who may see the subject. A text may mention at most
`richtext.MAX_MENTIONS` people and roles.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.comments import subjects
from app.comments.subjects import SubjectRef
from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.richtext import check_mentions, extract_mentions
from app.core.validation import InvalidValue
from app.models import Assignment, Role
from app.models.enums import AssignmentStatus

CANNOT_SEE = N_("Someone you mentioned cannot see what this comment is about.")
UNKNOWN_ROLE = N_("No role has the key {key}.")


@dataclass(frozen=True)
class ResolvedMentions:
    member_ids: tuple[uuid.UUID, ...]
    role_keys: tuple[str, ...]
    recipients: frozenset[uuid.UUID]  # the members to notify


def resolve(
    session: Session,
    *,
    ctx: WorkspaceContext,
    subject: SubjectRef,
    body: str,
    loc: tuple[str, ...] = ("body", "body"),
) -> ResolvedMentions:
    try:
        mentions = check_mentions(extract_mentions(body))
    except InvalidValue as exc:
        raise InvalidInput(exc.template, params=exc.params, errors=[exc.field_error(loc)]) from exc
    named = set(mentions.member_ids)
    if named - subjects.viewers(
        session, workspace_id=ctx.workspace_id, subject=subject, member_ids=named
    ):
        raise InvalidInput(CANNOT_SEE, errors=[field_error(loc, CANNOT_SEE, "mention_not_visible")])
    roles = (
        dict(
            session.execute(
                select(Role.key, Role.id).where(
                    Role.workspace_id == ctx.workspace_id, Role.key.in_(mentions.role_keys)
                )
            ).all()
        )
        if mentions.role_keys
        else {}
    )
    for key in mentions.role_keys:
        if key not in roles:
            raise InvalidInput(
                UNKNOWN_ROLE,
                params={"key": key},
                errors=[field_error(loc, UNKNOWN_ROLE, "unknown_role", key=key)],
            )
    holders = (
        set(
            session.scalars(
                select(Assignment.member_id).where(
                    Assignment.workspace_id == ctx.workspace_id,
                    Assignment.role_id.in_(roles.values()),
                    Assignment.status == AssignmentStatus.active,
                )
            )
        )
        if roles
        else set()
    )
    reached = subjects.viewers(
        session, workspace_id=ctx.workspace_id, subject=subject, member_ids=holders
    )
    return ResolvedMentions(mentions.member_ids, mentions.role_keys, frozenset(named | reached))
