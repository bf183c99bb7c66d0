"""Who a bearer token speaks for: the caller (an `Actor`) and, for a workspace's path, their
membership there (a `WorkspaceContext`), each read in one prebuilt statement per request."""

from typing import Any, cast

from sqlalchemy import Row, Table, and_, bindparam, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.errors import NotFound, Unauthorized
from app.core.i18n import N_
from app.core.permissions import Actor, WorkspaceContext
from app.core.security import token_digest
from app.models import AccessToken, Member, User, Workspace
from app.models.base import utcnow
from app.models.enums import MemberStatus, TokenScope

# Every API request looks its token up: one prebuilt Core select of the columns needed
# (no ORM entities, and no statement to build and hash for the cache on each call).
_TOKENS = cast(Table, AccessToken.__table__)
_USERS = cast(Table, User.__table__)
_TOKEN_COLUMNS = (
    _TOKENS.c.id,
    _TOKENS.c.scopes,
    _TOKENS.c.expires_at,
    _TOKENS.c.revoked_at,
    _USERS.c.id.label("user_id"),
    _USERS.c.is_active,
    _USERS.c.locale,
)
_TOKEN_LOOKUP = (
    select(*_TOKEN_COLUMNS)
    .join_from(_TOKENS, _USERS, _USERS.c.id == _TOKENS.c.user_id)
    .where(_TOKENS.c.token_hash == bindparam("digest"))
)
_WORKSPACES = cast(Table, Workspace.__table__)
_MEMBERS = cast(Table, Member.__table__)
# The token and the caller's membership of the workspace of the path in one statement:
# no workspace row or no member row (outer joins) means "not found" for this caller.
_TOKEN_IN_WORKSPACE = (
    select(
        *_TOKEN_COLUMNS,
        _WORKSPACES.c.id.label("workspace_id"),
        _WORKSPACES.c.slug,
        _WORKSPACES.c.timezone,
        _WORKSPACES.c.locale.label("workspace_locale"),
        _MEMBERS.c.id.label("member_id"),
        _MEMBERS.c.access,
        _MEMBERS.c.display_name.label("member_name"),
    )
    .join_from(_TOKENS, _USERS, _USERS.c.id == _TOKENS.c.user_id)
    .outerjoin(_WORKSPACES, _WORKSPACES.c.slug == bindparam("slug"))
    .outerjoin(
        _MEMBERS,
        and_(
            _MEMBERS.c.workspace_id == _WORKSPACES.c.id,
            _MEMBERS.c.user_id == _USERS.c.id,
            _MEMBERS.c.status == MemberStatus.active,
            _MEMBERS.c.access.is_not(None),
        ),
    )
    .where(_TOKENS.c.token_hash == bindparam("digest"))
)


def actor_for_token(session: Session, *, secret: str) -> Actor:
    token = session.connection().execute(_TOKEN_LOOKUP, {"digest": token_digest(secret)}).first()
    return _actor(token)


def actor_in_workspace(session: Session, *, secret: str, slug: str) -> WorkspaceContext:
    """The caller of this token inside the workspace `slug`; 404 unless an active member."""
    row = (
        session.connection()
        .execute(_TOKEN_IN_WORKSPACE, {"digest": token_digest(secret), "slug": slug})
        .first()
    )
    actor = _actor(row)
    if row is None or row.member_id is None:
        raise NotFound(N_("Workspace not found."))
    ctx = WorkspaceContext(
        actor=actor,
        workspace_id=row.workspace_id,
        slug=row.slug,
        timezone=row.timezone,
        locale=row.workspace_locale,
        member_id=row.member_id,
        access=row.access,
    )
    activity.remember_actor_name(session, activity.Origin.of(ctx), row.member_name)
    return ctx


def _actor(token: Row[*tuple[Any, ...]] | None) -> Actor:
    """The actor of a looked-up token row; 401 if there was none, or it no longer holds."""
    if token is None:
        raise Unauthorized(N_("The token is invalid."))
    if token.revoked_at is not None or not token.is_active:
        raise Unauthorized(N_("The token was revoked."))
    if token.expires_at is not None and token.expires_at <= utcnow():
        raise Unauthorized(N_("The token has expired."))
    return Actor(
        user_id=token.user_id,
        token_id=token.id,
        can_write=TokenScope.write.value in token.scopes,
        locale=token.locale,
    )


def email_for_token(session: Session, *, secret: str) -> str | None:
    """The email of the user a valid token belongs to (to rate-limit password checks)."""
    try:
        actor = actor_for_token(session, secret=secret)
    except Unauthorized:
        return None
    return session.scalar(select(User.email).where(User.id == actor.user_id))
