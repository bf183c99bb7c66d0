"""Sign-in, issuing bearer tokens, personal API tokens, your profile, and accepting invites
(who a token speaks for, on every request: app/auth/bearer.py)."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.auth import reads
from app.auth.schemas import (
    ApiTokenCreate,
    ApiTokenCreated,
    InviteAccept,
    InvitePreview,
    UserRead,
    UserUpdate,
)
from app.core.config import get_settings
from app.core.errors import (
    AlreadyExists,
    Forbidden,
    InvalidInput,
    InviteGone,
    NotFound,
    Unauthorized,
    field_error,
)
from app.core.i18n import N_
from app.core.permissions import Actor
from app.core.security import hash_password, new_token, token_digest, verify_password
from app.models import AccessToken, Invite, Member, User, Workspace
from app.models.base import utcnow
from app.models.enums import Locale, MemberStatus, TokenKind, TokenScope

TOKEN_PREFIX = "trp"  # noqa: S105 (a public prefix, like GitHub's ghp_)
TOKEN_FIELDS = ("name", "prefix", "scopes", "expires_at")
USER_FIELDS = ("display_name", "locale")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str,
    locale: Locale = Locale.en,
) -> User:
    email = normalise_email(email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AlreadyExists(N_("A user with this email already exists."))
    user = User(
        email=email,
        password_hash=hash_password(password),
        display_name=display_name,
        locale=locale,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, email: str, password: str) -> User:
    """The user with these credentials; the same error whether the email exists or not."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if not verify_password(password, user.password_hash if user else None) or not (
        user and user.is_active
    ):
        raise Unauthorized(N_("Incorrect email or password."))
    return user


def issue_token(
    session: Session,
    *,
    user: User,
    kind: TokenKind,
    name: str,
    scopes: list[TokenScope],
    expires_at: datetime | None,
) -> tuple[AccessToken, str]:
    """Store a new token's digest and return it with the secret, which is not kept."""
    secret = new_token(TOKEN_PREFIX)
    token = AccessToken(
        user_id=user.id,
        kind=kind,
        name=name,
        token_hash=token_digest(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 5],
        scopes=[scope.value for scope in scopes],
        created_at=utcnow(),
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    return token, secret


def sign_in(session: Session, *, user: User) -> tuple[AccessToken, str]:
    ttl = timedelta(minutes=get_settings().access_token_ttl_minutes)
    return issue_token(
        session,
        user=user,
        kind=TokenKind.session,
        name="sign-in",
        scopes=[TokenScope.read, TokenScope.write],
        expires_at=utcnow() + ttl,
    )


def invite_email(session: Session, *, token: str) -> str | None:
    """The email an invite token was sent to (to rate-limit password checks), if any."""
    return session.scalar(select(Invite.email).where(Invite.token_hash == token_digest(token)))


def invite_preview(session: Session, *, token: str) -> InvitePreview:
    """The workspace and the sender of an invite, for the page that accepts it."""
    row = session.execute(
        select(Invite, Workspace.name, User.display_name)
        .join(Workspace, Workspace.id == Invite.workspace_id)
        .outerjoin(User, User.id == Invite.created_by_user_id)
        .where(Invite.token_hash == token_digest(token))
    ).first()
    if row is None:
        raise NotFound(N_("Invite not found."))
    invite, workspace_name, invited_by = row
    return InvitePreview(
        email=invite.email,
        workspace_name=workspace_name,
        invited_by=invited_by,
        expires_at=invite.expires_at,
        usable=invite.accepted_at is None
        and invite.revoked_at is None
        and invite.expires_at > utcnow(),
    )


def revoke_current(session: Session, *, actor: Actor) -> None:
    token = session.get_one(AccessToken, actor.token_id)
    token.revoked_at = utcnow()
    session.flush()


def update_user(session: Session, *, actor: Actor, user_in: UserUpdate) -> UserRead:
    """Your changed profile, as the API shows it."""
    actor.require_write()
    user = session.get_one(User, actor.user_id)
    changes = user_in.model_dump(exclude_unset=True)
    new_password = changes.pop("new_password", None)
    current_password = changes.pop("current_password", None)
    if new_password is not None:
        if current_password is None or not verify_password(current_password, user.password_hash):
            raise InvalidInput(
                N_("The current password is wrong."),
                errors=[
                    field_error(
                        ("body", "current_password"),
                        N_("The current password is wrong."),
                        "invalid",
                    )
                ],
            )
        user.password_hash = hash_password(new_password)
    before = activity.fields(user, USER_FIELDS)
    for field, value in changes.items():
        setattr(user, field, value)
    user.updated_at = utcnow()
    password = {"password_changed": True} if new_password is not None else {}
    activity.record(
        session,
        ctx=actor,
        verb="user.updated",
        subject_id=user.id,
        subject_name=user.display_name,
        before={**before, **({"password_changed": False} if password else {})},
        after={**activity.fields(user, USER_FIELDS), **password},  # never the password
    )
    session.flush()
    return reads.read_user(session, user_id=user.id)


def create_api_token(
    session: Session, *, actor: Actor, token_in: ApiTokenCreate
) -> ApiTokenCreated:
    """The new token as the API shows it, with its secret (shown only this once)."""
    actor.require_write()
    expires_at = (
        utcnow() + timedelta(days=token_in.expires_in_days) if token_in.expires_in_days else None
    )
    token, secret = issue_token(
        session,
        user=session.get_one(User, actor.user_id),
        kind=TokenKind.personal,
        name=token_in.name,
        scopes=token_in.scopes,
        expires_at=expires_at,
    )
    activity.record(
        session,
        ctx=actor,
        verb="api_token.created",
        subject_id=token.id,
        subject_name=token.name,
        after=activity.fields(token, TOKEN_FIELDS),  # the prefix, never the secret or its hash
    )
    session.flush()
    return reads.read_created_token(session, token_id=token.id, secret=secret)


def revoke_api_token(session: Session, *, actor: Actor, token_id: uuid.UUID) -> None:
    actor.require_write()
    token = session.scalar(
        select(AccessToken).where(
            AccessToken.id == token_id,
            AccessToken.user_id == actor.user_id,
            AccessToken.kind == TokenKind.personal,
        )
    )
    if token is None:
        raise NotFound(N_("API token not found."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        activity.record(
            session,
            ctx=actor,
            verb="api_token.revoked",
            subject_id=token.id,
            subject_name=token.name,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at},
        )
    session.flush()


def accept_invite(
    session: Session, *, invite_in: InviteAccept
) -> tuple[Workspace, Member, AccessToken, str]:
    """Create (or, with the right password, reuse) the user and make them a member."""
    invite = session.scalar(
        select(Invite).where(Invite.token_hash == token_digest(invite_in.token))
    )
    if invite is None:
        raise NotFound(N_("Invite not found."))
    if invite.accepted_at is not None:
        raise InviteGone(N_("This invite has already been used."))
    if invite.revoked_at is not None:
        raise InviteGone(N_("This invite was withdrawn."))
    if invite.expires_at <= utcnow():
        raise InviteGone(N_("This invite has expired; ask for a new one."))
    workspace = session.get_one(Workspace, invite.workspace_id)
    user = session.scalar(select(User).where(User.email == invite.email))
    if user is None:
        user = create_user(
            session,
            email=invite.email,
            password=invite_in.password,
            display_name=invite_in.display_name or invite.email.split("@")[0],
            locale=workspace.locale,
        )
    elif not verify_password(invite_in.password, user.password_hash):
        raise Forbidden(N_("An account with this email exists: enter its password to join."))
    member = _member_for_invite(session, invite=invite, user=user)
    invite.accepted_at = utcnow()
    session.flush()
    activity.record(
        session,
        ctx=activity.Origin(workspace_id=workspace.id, user_id=user.id, member_id=member.id),
        verb="member.joined",
        subject_id=member.id,
        subject_name=member.display_name,
        member_id=member.id,
        after={"access": member.access, "invite_id": invite.id, "email": invite.email},
    )
    token, secret = sign_in(session, user=user)
    return workspace, member, token, secret


def _member_for_invite(session: Session, *, invite: Invite, user: User) -> Member:
    already = session.scalar(
        select(Member).where(Member.workspace_id == invite.workspace_id, Member.user_id == user.id)
    )
    if already is not None:
        raise AlreadyExists(N_("You are already a member of this workspace."))
    member = None
    if invite.member_id is not None:
        member = session.get(Member, invite.member_id)
    if member is None:
        member = session.scalar(
            select(Member).where(
                Member.workspace_id == invite.workspace_id,
                Member.email == invite.email,
                Member.user_id.is_(None),
            )
        )
    if member is None:
        member = Member(
            workspace_id=invite.workspace_id,
            display_name=user.display_name,
            email=invite.email,
        )
        session.add(member)
    member.user_id = user.id
    member.access = invite.access
    member.status = MemberStatus.active
    member.updated_at = utcnow()
    return member
