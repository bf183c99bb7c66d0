"""What the sign-in and invite pages read: an invite's preview, a new session's token."""

from datetime import datetime

from app.web.views import View


class InvitePreview(View):
    """What an invite link is for, shown before accepting it (no secret in it)."""

    email: str
    workspace_name: str
    invited_by: str | None
    expires_at: datetime
    usable: bool


class SessionToken(View):
    access_token: str


class Accepted(SessionToken):
    """An accepted invite: the new session's token and the workspace joined (its slug)."""

    workspace: str


class Me(View):
    locale: str
