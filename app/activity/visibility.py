"""Which activities a reader may see: what they may read, and nothing else.

Activities are read by every member of the workspace (viewers too), except where the
subject itself is restricted: invites are an admin's business. A feature whose objects
are not for everyone (a draft report, a private note) registers a rule for its subject
type: a SQL condition on `Activity` for the reader.
"""

from collections.abc import Callable

from sqlalchemy import ColumnElement, and_, false, or_, true

from app.core.permissions import WorkspaceContext
from app.models import Activity
from app.models.enums import Access

Rule = Callable[[WorkspaceContext], ColumnElement[bool]]
RULES: dict[str, Rule] = {}


def register_visibility(subject_type: str, rule: Rule) -> None:
    """Let `rule(reader)` decide which activities of `subject_type` the reader sees."""
    RULES[subject_type] = rule


def at_least(access: Access) -> Rule:
    def rule(reader: WorkspaceContext) -> ColumnElement[bool]:
        return true() if reader.access.at_least(access) else false()

    return rule


def visible_to(reader: WorkspaceContext) -> ColumnElement[bool]:
    """The condition that keeps only what `reader` may see."""
    return and_(
        true(),
        *(
            or_(Activity.subject_type != subject_type, rule(reader))
            for subject_type, rule in sorted(RULES.items())
        ),
    )


register_visibility("invite", at_least(Access.admin))
