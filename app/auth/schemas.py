import uuid
from datetime import datetime

from pydantic import ConfigDict, Field, field_validator

from app.core.schemas import InputModel, ReadModel
from app.core.validation import omittable
from app.models.enums import Locale, TokenKind, TokenScope


class TokenResponse(ReadModel):
    """A bearer token; send it as `Authorization: Bearer <access_token>`."""

    access_token: str
    token_type: str = Field(default="bearer", examples=["bearer"])
    expires_at: datetime | None


class UserRead(ReadModel):
    id: uuid.UUID
    email: str
    display_name: str
    locale: Locale
    created_at: datetime


class UserUpdate(InputModel):
    """Change your profile; a new password needs the current one."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"display_name": "Lin Xiaoyu", "locale": "zh-CN"}]}
    )

    display_name: str = omittable(min_length=1, max_length=120)
    locale: Locale = omittable()
    current_password: str | None = Field(default=None, max_length=256)
    new_password: str | None = Field(default=None, min_length=8, max_length=256)


def _normalise_scopes(scopes: list[TokenScope]) -> list[TokenScope]:
    """`read` is implied by every token; `write` is the only extra scope."""
    return [TokenScope.read, *([TokenScope.write] if TokenScope.write in scopes else [])]


class ApiTokenCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"name": "weekly report script", "scopes": ["read"], "expires_in_days": 90}
            ]
        }
    )

    name: str = Field(min_length=1, max_length=120)
    scopes: list[TokenScope] = Field(
        default=[TokenScope.read], description='`["read"]` or `["read", "write"]`.'
    )
    expires_in_days: int | None = Field(
        default=90, ge=1, le=3650, description="`null` for a token that never expires."
    )

    _scopes = field_validator("scopes")(_normalise_scopes)


class ApiTokenRead(ReadModel):
    id: uuid.UUID
    name: str
    kind: TokenKind
    prefix: str = Field(description="The first characters of the secret, to recognise it.")
    scopes: list[TokenScope]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenCreated(ApiTokenRead):
    token: str = Field(description="The secret. It is shown only once: store it now.")


class ApiTokenPage(ReadModel):
    items: list[ApiTokenRead]


class InviteAccept(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"token": "inv_…", "password": "a long passphrase", "display_name": "Zhou Min"}
            ]
        }
    )

    token: str = Field(min_length=1, max_length=200)
    password: str = Field(
        min_length=8,
        max_length=256,
        description="A new password, or your current one if you already have an account.",
    )
    display_name: str | None = Field(default=None, min_length=1, max_length=120)


class InvitePreview(ReadModel):
    """What an invite link is for, shown before accepting it (no secret in it)."""

    email: str
    workspace_name: str
    invited_by: str | None = Field(description="The display name of who sent the invite.")
    expires_at: datetime
    usable: bool = Field(description="`false` once accepted, withdrawn or expired.")


class InviteAccepted(TokenResponse):
    workspace: str = Field(description="The slug of the workspace you joined.")
    member_id: uuid.UUID
