"""`workspaces_export` and `workspaces_import`: a whole workspace out, and in as a new one."""

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, status
from fastapi.responses import StreamingResponse

from app.auth.dependencies import ActorDep
from app.core.clock import ClockDep
from app.core.openapi import problem_responses
from app.core.transaction import SessionDep, TransactionalRoute
from app.files.http import FilesDep
from app.transfer import document, service
from app.transfer.schemas import TransferFormat, WorkspaceImported, WorkspaceImportForm
from app.workspaces import reads as workspaces
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(prefix="/workspaces", tags=["workspaces"], route_class=TransactionalRoute)


@router.post(
    "/import",
    status_code=status.HTTP_201_CREATED,
    summary="Restore a workspace export as a new workspace (you become its owner)",
    description="Upload what `workspaces_export` gave (JSON Lines, or its zip). Every row "
    "gets a new id and every reference is kept; members are linked to no login but yours "
    "(invite the others again); webhooks, invites and scheduled jobs do not travel. All "
    "or nothing: a refused document (422, naming the line) leaves nothing behind.",
    responses=problem_responses(409),
)
def workspaces_import(
    session: SessionDep,
    actor: ActorDep,
    form: Annotated[WorkspaceImportForm, Form()],
    files: FilesDep,
) -> WorkspaceImported:
    workspace, member_id, restored = service.import_document(
        session,
        actor=actor,
        file=form.file.file,
        slug=form.slug,
        name=form.name,
        blobs=files.blobs,
        max_file_bytes=files.max_bytes,
    )
    restored_workspace, _ = workspaces.read(session, workspace_id=workspace.id, member_id=member_id)
    return WorkspaceImported(workspace=restored_workspace, rows=restored.rows)


@router.get(
    "/{workspace}/export",
    summary="The whole workspace as one document (admin): JSON Lines or zip, streamed",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "A first line describing the workspace, one line per row "
            "(members, skills, roles, campaigns, assignments and their history, metrics, "
            "datapoints, goals, tasks, reports, deals, contracts…), and a closing count.",
            "content": {
                # Generated clients take this one: the bytes of either format.
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                document.JSONL_MEDIA_TYPE: {"schema": {"type": "string"}},
                document.ZIP_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **problem_responses(404),
    },
)
def workspaces_export(
    request: Request,
    ctx: WorkspaceDep,
    clock: ClockDep,
    files: FilesDep,
    format: Annotated[
        TransferFormat, Query(description="`jsonl` (default) or `zip` (the same, deflated).")
    ] = TransferFormat.jsonl,
) -> StreamingResponse:
    service.check_export(ctx)
    now = clock.now()
    zipped = format is TransferFormat.zip
    filename = f"{ctx.slug}-{now.strftime('%Y%m%d-%H%M%S')}.{'zip' if zipped else 'jsonl'}"
    return StreamingResponse(
        document.stream(
            request.app.state.session_factory,
            workspace_id=ctx.workspace_id,
            now=now,
            zipped=zipped,
            blobs=files.blobs,
        ),
        media_type=document.ZIP_MEDIA_TYPE if zipped else document.JSONL_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
