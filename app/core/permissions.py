"""Who is calling, and what they may do in a workspace. Services call `require`."""

import uuid
from dataclasses import dataclass

from app.core.errors import Forbidden
from app.core.i18n import N_
from app.models.enums import Access, Locale


@dataclass(frozen=True)
class Actor:
    """The authenticated caller: a user, through one token with its scopes."""

    user_id: uuid.UUID
    token_id: uuid.UUID
    can_write: bool
    locale: Locale

    def require_write(self) -> None:
        if not self.can_write:
            raise Forbidden(N_("This token is read-only."))


@dataclass(frozen=True)
class WorkspaceContext:
    """An actor inside one workspace they belong to, with their access level there."""

    actor: Actor
    workspace_id: uuid.UUID
    slug: str
    timezone: str
    locale: Locale
    member_id: uuid.UUID
    access: Access

    def require(self, needed: Access, *, writing: bool = True) -> None:
        """Refuse unless the access level suffices and, for a write, the token may write.

        Reads that need more than viewer access (e.g. listing invites) pass `writing=False`:
        a read-only token may read whatever its user may read.
        """
        if writing and needed is not Access.viewer:
            self.actor.require_write()
        if not self.access.at_least(needed):
            raise Forbidden(
                N_("This needs {needed} access; you have {access}."),
                params={"needed": needed.value, "access": self.access.value},
            )
