"""The same six document operations under each owner that has documents.

    add_document_routes(router, resource="contracts", owner_type=DocumentOwner.contract,
                        owner_param="contract_id", load_owner=load_contract)

adds `contracts_documents_list|create|get|download|sign|delete` under
`{router prefix}/{contract_id}/documents`. `load_owner` answers 404 for an object the
caller cannot see (another workspace's), so its documents are never served to them.
"""

import inspect
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request, Response, status
from sqlalchemy.orm import Session

from app.core.openapi import problem_responses
from app.core.permissions import WorkspaceContext
from app.core.transaction import SessionDep
from app.documents import service
from app.documents.schemas import DocumentPage, DocumentRead, DocumentSign, DocumentUpload
from app.files.http import Files, FilesDep
from app.models.paper import DocumentOwner
from app.workspaces.dependencies import WorkspaceDep


@dataclass(frozen=True)
class OwnerInfo:
    id: uuid.UUID
    name: str = ""
    campaign_id: uuid.UUID | None = None


# (session, ctx, owner id from the path or None) -> the owner, or NotFound
LoadOwner = Callable[[Session, WorkspaceContext, uuid.UUID | None], OwnerInfo]


def _with_signature(
    func: Callable[..., Any], owner_param: str | None, **parameters: Any
) -> Callable[..., Any]:
    """Give `func(**kwargs)` the signature FastAPI reads: common deps, the owner's path
    parameter by its own name, then `parameters` (name → annotation)."""
    params = [
        inspect.Parameter("session", inspect.Parameter.KEYWORD_ONLY, annotation=SessionDep),
        inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=WorkspaceDep),
    ]
    if owner_param is not None:
        params.append(
            inspect.Parameter(
                owner_param,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[uuid.UUID, Path()],
            )
        )
    params += [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation)
        for name, annotation in parameters.items()
    ]
    returns = func.__annotations__.get("return", inspect.Signature.empty)
    func.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        params, return_annotation=returns
    )
    return func


def add_document_routes(
    router: APIRouter,
    *,
    resource: str,
    label: str,
    owner_type: DocumentOwner,
    owner_param: str | None,
    load_owner: LoadOwner,
    document_param: str = "document_id",
) -> None:
    base = f"/{{{owner_param}}}/documents" if owner_param else ""
    one = base + f"/{{{document_param}}}"

    def owner_of(kwargs: dict[str, Any]) -> tuple[OwnerInfo, tuple[DocumentOwner, uuid.UUID]]:
        owner_id = kwargs.get(owner_param) if owner_param else None
        info = load_owner(kwargs["session"], kwargs["ctx"], owner_id)
        return info, (owner_type, info.id)

    def list_(**kwargs: Any) -> DocumentPage:
        _info, owner = owner_of(kwargs)
        documents = service.list_documents(kwargs["session"], ctx=kwargs["ctx"], owner=owner)
        return DocumentPage(items=documents, next_cursor=None)

    def create(**kwargs: Any) -> DocumentRead:
        info, owner = owner_of(kwargs)
        form: DocumentUpload = kwargs["form"]
        files = kwargs["files"]
        upload = files.receive(form.file)
        return service.upload(
            kwargs["session"],
            ctx=kwargs["ctx"],
            blobs=files.blobs,
            upload=upload,
            owner=owner,
            kind=form.kind,
            title=form.title,
            signed=form.signed,
            subject_name=info.name,
            campaign_id=info.campaign_id,
        )

    def get(**kwargs: Any) -> DocumentRead:
        _info, owner = owner_of(kwargs)
        return service.get(
            kwargs["session"], ctx=kwargs["ctx"], owner=owner, document_id=kwargs[document_param]
        )

    def download(**kwargs: Any) -> Response:
        _info, owner = owner_of(kwargs)
        found = service.file_of(
            kwargs["session"], ctx=kwargs["ctx"], owner=owner, document_id=kwargs[document_param]
        )
        request: Request = kwargs["request"]
        files: Files = kwargs["files"]
        return files.response(found, if_none_match=request.headers.get("if-none-match"))

    def sign(**kwargs: Any) -> DocumentRead:
        _info, owner = owner_of(kwargs)
        body: DocumentSign = kwargs["body"]
        return service.sign(
            kwargs["session"],
            ctx=kwargs["ctx"],
            owner=owner,
            document_id=kwargs[document_param],
            signed=body.signed,
        )

    def delete(**kwargs: Any) -> None:
        _info, owner = owner_of(kwargs)
        service.delete(
            kwargs["session"],
            ctx=kwargs["ctx"],
            blobs=kwargs["files"].blobs,
            owner=owner,
            document_id=kwargs[document_param],
        )

    document_id = Annotated[uuid.UUID, Path()]
    routes: list[tuple[str, str, Callable[..., Any], dict[str, Any], dict[str, Any]]] = [
        ("GET", base, list_, {}, {"summary": f"List the documents of {label}, every version"}),
        (
            "POST",
            base,
            create,
            {
                "form": Annotated[DocumentUpload, Form(media_type="multipart/form-data")],
                "files": FilesDep,
            },
            {
                "summary": f"Upload a document of {label} or its next version (editor); "
                "the type is detected from the content",
                "status_code": status.HTTP_201_CREATED,
                "responses": problem_responses(404),
            },
        ),
        ("GET", one, get, {document_param: document_id}, {"summary": "Get a document version"}),
        (
            "GET",
            one + "/content",
            download,
            {document_param: document_id, "request": Request, "files": FilesDep},
            {
                "summary": "Download a document version (images and PDF inline, "
                "anything else as an attachment)",
                "response_class": Response,
                "responses": {
                    **problem_responses(404),
                    200: {"description": "The file's bytes", "content": {"*/*": {}}},
                },
            },
        ),
        (
            "POST",
            one + "/sign",
            sign,
            {document_param: document_id, "body": DocumentSign},
            {"summary": "Mark a document version as the signed copy, or not (editor)"},
        ),
        (
            "DELETE",
            one,
            delete,
            {document_param: document_id, "files": FilesDep},
            {
                "summary": "Delete a document version (editor); the file goes with its last use",
                "status_code": status.HTTP_204_NO_CONTENT,
            },
        ),
    ]
    names = ("list", "create", "get", "download", "sign", "delete")
    for (method, path, func, parameters, options), action in zip(routes, names, strict=True):
        endpoint = _with_signature(func, owner_param, **parameters)
        name = f"{resource}_documents_{action}"
        endpoint.__name__ = name
        options.setdefault("responses", problem_responses(404))
        router.add_api_route(path, endpoint, methods=[method], name=name, **options)
