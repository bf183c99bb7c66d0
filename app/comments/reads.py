"""Read comments: one Core select of the reply's columns (author named by join).

A page holds top-level comments in order; their replies come in one more statement for
the whole page, whatever its size.
"""

import uuid
from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Row, Select, Table, select
from sqlalchemy.orm import Session

from app.comments.schemas import CommentRead, CommentReplyRead
from app.comments.subjects import SubjectRef
from app.core.pagination import paginate
from app.models import Comment, Member

_COMMENTS = cast(Table, Comment.__table__)
_MEMBERS = cast(Table, Member.__table__)
_READ: Select[Any] = select(
    *(
        _COMMENTS.c[name]
        for name in (
            "id",
            "subject_type",
            "subject_id",
            "parent_id",
            "author_member_id",
            "body",
            "body_html",
            "mentioned_member_ids",
            "mentioned_role_keys",
            "created_at",
            "edited_at",
            "deleted_at",
        )
    ),
    _MEMBERS.c.display_name.label("author_name"),
).select_from(_COMMENTS.outerjoin(_MEMBERS, _MEMBERS.c.id == _COMMENTS.c.author_member_id))


def thread(
    session: Session, *, subject: SubjectRef, limit: int, cursor: str | None
) -> tuple[list[CommentRead], str | None]:
    c = _COMMENTS.c
    stmt = _READ.where(
        c.subject_type == subject.type.value, c.subject_id == subject.id, c.parent_id.is_(None)
    )
    rows, next_cursor = paginate(
        session, stmt, order_by=(c.created_at, c.id), limit=limit, cursor=cursor
    )
    return _with_replies(session, rows), next_cursor


def one(session: Session, *, comment_id: uuid.UUID) -> CommentRead:
    row = session.execute(_READ.where(_COMMENTS.c.id == comment_id)).one()
    return _with_replies(session, [row])[0]


def _with_replies(session: Session, rows: list[Row[Any]]) -> list[CommentRead]:
    if not rows:
        return []
    c = _COMMENTS.c
    replies: defaultdict[uuid.UUID, list[CommentReplyRead]] = defaultdict(list)
    top_level = [row.id for row in rows if row.parent_id is None]
    if top_level:
        for reply in session.execute(
            _READ.where(c.parent_id.in_(top_level)).order_by(c.created_at, c.id)
        ):
            replies[reply.parent_id].append(CommentReplyRead.model_validate(reply._asdict()))
    return [
        CommentRead.model_validate({**row._asdict(), "replies": replies[row.id]}) for row in rows
    ]
