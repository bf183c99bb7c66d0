import uuid
from datetime import datetime

from pydantic import ConfigDict, EmailStr, Field

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.models.enums import Access


class InviteCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"email": "zhou.min@example.com", "access": "editor"}]}
    )

    email: EmailStr
    access: Access = Access.editor
    member_id: uuid.UUID | None = Field(
        default=None, description="Link the invite to an existing member without a login."
    )
    expires_in_hours: int | None = Field(
        default=None, ge=1, le=24 * 30, description="Defaults to the server's setting (72)."
    )


class InviteRead(ReadModel):
    id: uuid.UUID
    email: str
    access: Access
    member_id: uuid.UUID | None
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


class InviteCreated(InviteRead):
    token: str = Field(description="The one-time secret; shown only once.")
    url: str = Field(description="A link to give to the invitee (no mail is sent).")


class InvitePage(Page[InviteRead]):
    pass
