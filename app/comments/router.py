import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.comments import service
from app.comments.schemas import CommentCreate, CommentPage, CommentRead, CommentUpdate
from app.comments.subjects import SubjectType
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/comments", tags=["comments"], route_class=TransactionalRoute
)


@router.get(
    "",
    summary="A subject's comments, oldest first, each with its replies",
    responses=problem_responses(404),
)
def comments_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    subject_type: Annotated[SubjectType, Query(description="What the comments are about.")],
    subject_id: Annotated[uuid.UUID, Query(description="Its id.")],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> CommentPage:
    items, next_cursor = service.list_comments(
        session,
        ctx=ctx,
        subject_type=subject_type,
        subject_id=subject_id,
        limit=limit,
        cursor=cursor,
    )
    return CommentPage(items=items, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Comment on a subject, or reply to a comment; mentions notify people",
    responses=problem_responses(404),
)
def comments_create(
    session: SessionDep, ctx: WorkspaceDep, comment_in: CommentCreate
) -> CommentRead:
    return service.create(session, ctx=ctx, comment_in=comment_in)


@router.patch(
    "/{comment_id}",
    summary="Edit your comment (it shows when it was edited)",
    responses=problem_responses(404, 409),
)
def comments_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    comment_id: uuid.UUID,
    comment_in: CommentUpdate,
    if_match: IfMatch,
    response: Response,
) -> CommentRead:
    comment, version = service.update(
        session, ctx=ctx, comment_id=comment_id, comment_in=comment_in, if_match=if_match
    )
    set_etag(response, version)
    return comment


@router.delete(
    "/{comment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a comment (yours, or any as an admin); a tombstone keeps its place",
    responses=problem_responses(404),
)
def comments_delete(
    session: SessionDep, ctx: WorkspaceDep, comment_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, comment_id=comment_id, if_match=if_match)
