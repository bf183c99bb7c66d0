"""What the settings page shows: the people with access, pending invites, the caller's tokens
and a just-made secret (shown once)."""

from datetime import datetime

from app.vocabulary import Access
from app.web.views import View


class Person(View):
    """A member; `access` only when they have an account (else they are not listed)."""

    id: str
    display_name: str
    email: str | None
    user_id: str | None
    access: Access | None


class Invite(View):
    id: str
    email: str
    access: Access
    expires_at: datetime


class Token(View):
    id: str
    name: str
    prefix: str
    scopes: list[str]
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class InviteShown(View):
    """An invite link just made, kept in the session for the next page only."""

    email: str
    expires_at: str
    link: str


class TokenShown(View):
    """A token just made, kept in the session for the next page only."""

    name: str
    token: str


class MadeInvite(View):
    """The API's reply to a new (or resent) invite: its one-time secret included.
    `expires_at` stays the API's text: the session keeps it as it came."""

    email: str
    expires_at: str
    token: str


class MadeToken(View):
    name: str
    token: str
