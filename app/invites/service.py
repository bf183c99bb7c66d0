"""Invites: an admin hands out a one-time, expiring link; accepting is in `auth`."""

import uuid
from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.auth.service import normalise_email
from app.core.config import get_settings
from app.core.crud import get_in_workspace
from app.core.errors import AlreadyExists, Forbidden, InvalidTransition
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.security import new_token, token_digest
from app.invites import reads
from app.invites.reads import NOT_FOUND
from app.invites.schemas import InviteCreate, InviteCreated
from app.models import Invite, Member
from app.models.base import utcnow
from app.models.enums import Access

INVITE_FIELDS = ("email", "access", "member_id", "expires_at")  # never the token


def create(session: Session, *, ctx: WorkspaceContext, invite_in: InviteCreate) -> InviteCreated:
    """Create an invite; the reply holds its secret token (stored only as a digest)."""
    ctx.require(Access.admin)
    if invite_in.access is Access.owner and ctx.access is not Access.owner:
        raise Forbidden(N_("Only an owner can invite another owner."))
    email = normalise_email(invite_in.email)
    if invite_in.member_id is not None:
        member = get_in_workspace(
            session, Member, invite_in.member_id, ctx=ctx, missing=N_("Member not found.")
        )
        if member.user_id is not None:
            raise AlreadyExists(N_("This member already has a login."))
    taken = session.scalar(
        select(Member.id).where(
            Member.workspace_id == ctx.workspace_id,
            Member.email == email,
            Member.user_id.is_not(None),
        )
    )
    if taken is not None:
        raise AlreadyExists(
            N_("{email} is already a member of this workspace."), params={"email": email}
        )
    hours = invite_in.expires_in_hours or get_settings().invite_ttl_hours
    pending = session.scalar(
        _pending(select(Invite)).where(
            Invite.workspace_id == ctx.workspace_id, Invite.email == email
        )
    )
    if pending is not None:  # one pending invite per email: send that one again
        changes = {"access": invite_in.access, "member_id": invite_in.member_id}
        secret = _renew(session, ctx=ctx, invite=pending, hours=hours, changes=changes)
        return reads.read_created(session, ctx=ctx, invite_id=pending.id, secret=secret)
    secret = new_token("inv")
    invite = Invite(
        workspace_id=ctx.workspace_id,
        email=email,
        access=invite_in.access,
        member_id=invite_in.member_id,
        token_hash=token_digest(secret),
        created_by_user_id=ctx.actor.user_id,
        created_at=utcnow(),
        expires_at=utcnow() + timedelta(hours=hours),
    )
    session.add(invite)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="invite.created",
        subject_id=invite.id,
        subject_name=invite.email,
        member_id=invite.member_id,
        after=activity.fields(invite, INVITE_FIELDS),
    )
    return reads.read_created(session, ctx=ctx, invite_id=invite.id, secret=secret)


def _pending(stmt: Select[Invite]) -> Select[Invite]:
    return stmt.where(
        Invite.accepted_at.is_(None), Invite.revoked_at.is_(None), Invite.expires_at > utcnow()
    )


def resend(session: Session, *, ctx: WorkspaceContext, invite_id: uuid.UUID) -> InviteCreated:
    """A new link for a pending invite: the old link stops working, the clock starts again."""
    ctx.require(Access.admin)
    invite = get_in_workspace(session, Invite, invite_id, ctx=ctx, missing=NOT_FOUND)
    if invite.accepted_at is not None or invite.revoked_at is not None:
        raise InvalidTransition(N_("Only a pending invite can be sent again."))
    secret = _renew(session, ctx=ctx, invite=invite, hours=get_settings().invite_ttl_hours)
    return reads.read_created(session, ctx=ctx, invite_id=invite.id, secret=secret)


def _renew(
    session: Session,
    *,
    ctx: WorkspaceContext,
    invite: Invite,
    hours: int,
    changes: Mapping[str, object] | None = None,
) -> str:
    """A new link and expiry (and `changes`, when the invite is sent again with another
    access); the activity's `before` is the invite as it was before any of them."""
    before = activity.fields(invite, INVITE_FIELDS)
    for name, value in (changes or {}).items():
        setattr(invite, name, value)
    secret = new_token("inv")
    invite.token_hash = token_digest(secret)
    invite.created_by_user_id = ctx.actor.user_id
    invite.expires_at = utcnow() + timedelta(hours=hours)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="invite.resent",
        subject_id=invite.id,
        subject_name=invite.email,
        member_id=invite.member_id,
        before=before,
        after=activity.fields(invite, INVITE_FIELDS),
    )
    return secret


def revoke(session: Session, *, ctx: WorkspaceContext, invite_id: uuid.UUID) -> None:
    ctx.require(Access.admin)
    invite = get_in_workspace(session, Invite, invite_id, ctx=ctx, missing=NOT_FOUND)
    if invite.accepted_at is None and invite.revoked_at is None:
        invite.revoked_at = utcnow()
        activity.record(
            session,
            ctx=ctx,
            verb="invite.revoked",
            subject_id=invite.id,
            subject_name=invite.email,
            member_id=invite.member_id,
            before={"revoked_at": None},
            after={"revoked_at": invite.revoked_at},
        )
    session.flush()
