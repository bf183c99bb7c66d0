"""The frame of every workspace page: the workspace, the caller's rights there, the
switcher's other workspaces and the inbox's unread count."""

from app.vocabulary import Access
from app.web.views import View


class Workspace(View):
    """A workspace as the caller sees it: with their access and their own member id."""

    id: str
    slug: str
    name: str
    timezone: str
    currency: str
    access: Access
    member_id: str


class Permissions(View):
    """What the caller's access allows on a page (`can.edit` in templates)."""

    edit: bool
    admin: bool
    own: bool

    @classmethod
    def of(cls, access: Access) -> "Permissions":
        return cls(
            edit=access.at_least(Access.editor),
            admin=access.at_least(Access.admin),
            own=access.at_least(Access.owner),
        )


class WorkspaceFrame(View):
    """What the page around every workspace page shows (templates/workspace.html)."""

    ws: Workspace
    workspaces: list[Workspace]
    can: Permissions
    unread: int
