"""Read your profile and your personal API tokens: Core selects of the reply's columns
(never a password's or a token's digest)."""

import uuid
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.auth.schemas import ApiTokenCreated, ApiTokenRead, UserRead
from app.core.reads import Reader, enum_text, id_text
from app.models import AccessToken, User
from app.models.enums import TokenKind

_USERS = cast(Table, User.__table__)
_TOKENS = cast(Table, AccessToken.__table__)
_U = _USERS.c
_T = _TOKENS.c

_READ_USER = select(id_text(_U.id), _U.email, _U.display_name, enum_text(_U.locale), _U.created_at)
_READ_TOKENS = select(
    id_text(_T.id),
    _T.name,
    enum_text(_T.kind),
    _T.prefix,
    _T.scopes,
    *(_T[name] for name in ("created_at", "expires_at", "last_used_at", "revoked_at")),
)
_USER_REPLIES = Reader(UserRead)
_TOKEN_REPLIES = Reader(ApiTokenRead)
_CREATED = Reader(ApiTokenCreated)


def read_user(session: Session, *, user_id: uuid.UUID) -> UserRead:
    row = session.connection().execute(_READ_USER.where(_U.id == user_id)).one()
    return _USER_REPLIES.one(row)


def list_tokens(session: Session, *, user_id: uuid.UUID) -> list[ApiTokenRead]:
    """The user's personal tokens, newest first (revoked ones too)."""
    rows = (
        session.connection()
        .execute(
            _READ_TOKENS.where(_T.user_id == user_id, _T.kind == TokenKind.personal).order_by(
                _T.created_at.desc(), _T.id
            )
        )
        .all()
    )
    return _TOKEN_REPLIES.many(rows)


def read_created_token(session: Session, *, token_id: uuid.UUID, secret: str) -> ApiTokenCreated:
    """The token just issued, with its secret (shown only this once)."""
    row = session.connection().execute(_READ_TOKENS.where(_T.id == token_id)).one()
    return _CREATED.many([{**row._mapping, "token": secret}])[0]
