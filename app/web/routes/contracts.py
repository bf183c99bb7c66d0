"""Contracts: the register (list, add), a contract's page (sign, move along its life
cycle, decide renew / renegotiate / terminate, documents with versions, obligations)."""

from collections.abc import Awaitable, Mapping
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import URL, FormData

from app.core.i18n import N_, translate
from app.vocabulary import CONTRACT_NEXT_STATUSES
from app.web import documents
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.paging import Replies, one_page
from app.web.views.contracts import (
    SIGNOFF_UNASSIGNED,
    Accountable,
    Contract,
    ContractRow,
    ContractsHealth,
    Obligation,
    Signoff,
)
from app.web.views.documents import DocumentList
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()
REFUSALS = (404, 409, 412, 422)


class ContractPayload(TypedDict, total=False):
    title: str
    type: str
    effective_on: str | None
    end_on: str | None
    renewal: str
    notice_period_unit: str
    notice_period: str
    renewal_term_months: str


class ObligationPayload(TypedDict, total=False):
    contract_id: str
    description: str
    due_on: str | None
    recurrence: str
    owed_by: str
    owner_member_id: str


@router.get("/w/{slug}/contracts")
async def contracts_page(page: PageDep, slug: str, status: str = "", cursor: str = "") -> Response:
    """A page of the register (oldest first), filtered by status; with htmx and a cursor,
    only the next rows."""
    frame = await workspace_frame(page, slug)
    if page.is_htmx and cursor:
        shown = await one_page(
            page.api, page.request.url, f"/workspaces/{slug}/contracts", cursor, status=status
        )
        return page.render(
            "contracts/_rows.html", frame=frame, contracts=_rows(shown), more_url=shown.more_url
        )
    return await _register(page, slug, frame, status=status, cursor=cursor, values={}, errors={})


def _rows(shown: Replies) -> list[ContractRow]:
    return [ContractRow.model_validate(c) for c in shown.items]


async def _register(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    status: str,
    values: Mapping[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    cursor: str = "",
) -> Response:
    base = f"/workspaces/{slug}"
    shown = await one_page(page.api, page.request.url, f"{base}/contracts", cursor, status=status)
    health = await page.api.get(f"{base}/contracts/health")
    return page.render(
        "contracts/list.html",
        status_code=status_code,
        frame=frame,
        contracts=_rows(shown),
        more_url=shown.more_url,
        health=ContractsHealth.model_validate(health),
        status=status,
        values={"type": "sponsorship", "renewal": "none", "notice_unit": "days", **values},
        errors=errors,
    )


def _contract_payload(form: FormData) -> ContractPayload:
    payload: ContractPayload = {
        "title": text(form, "title"),
        "type": text(form, "type") or "sponsorship",
        "effective_on": optional(form, "effective_on"),
        "end_on": optional(form, "end_on"),
        "renewal": text(form, "renewal") or "none",
        "notice_period_unit": text(form, "notice_unit") or "days",
    }
    if notice_period := text(form, "notice_period"):
        payload["notice_period"] = notice_period
    if renewal_term_months := text(form, "renewal_term_months"):
        payload["renewal_term_months"] = renewal_term_months
    return payload


@router.post("/w/{slug}/contracts")
async def create_contract(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    payload = _contract_payload(form)
    try:
        contract = await page.api.post(f"/workspaces/{slug}/contracts", json=payload)
    except ApiError as error:
        if error.status not in REFUSALS:
            raise
        frame = await workspace_frame(page, slug)
        values = {key: text(form, key) for key in form if key != "csrf_token"}
        errors = field_messages(error, aliases={"notice_period_unit": "notice_unit"}) or {
            "form": error.detail
        }
        return await _register(
            page, slug, frame, status="", values=values, errors=errors, status_code=error.status
        )
    page.session.add_flash(translate(N_("Contract added."), page.locale))
    return page.redirect(f"/w/{slug}/contracts/{contract['id']}")


@router.get("/w/{slug}/contracts/{contract_id}")
async def contract_page(page: PageDep, slug: str, contract_id: str, cursor: str = "") -> Response:
    """A contract and its obligations (one call: a contract has few; `cursor` shows them
    further on, with htmx only the next ones)."""
    frame = await workspace_frame(page, slug)
    if page.is_htmx and cursor:
        shown = await _obligations(page, slug, contract_id, cursor)
        return page.render(
            "contracts/_obligations.html",
            frame=frame,
            obligations=[Obligation.model_validate(o) for o in shown.items],
            more_url=shown.more_url,
        )
    return await _contract(page, slug, frame, contract_id, errors={}, cursor=cursor)


async def _obligations(page: Page, slug: str, contract_id: str, cursor: str) -> Replies:
    here = URL(f"/w/{slug}/contracts/{contract_id}")
    path = f"/workspaces/{slug}/obligations"
    return await one_page(page.api, here, path, cursor, of_one_parent=True, contract_id=contract_id)


async def _contract(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    contract_id: str,
    *,
    errors: dict[str, str],
    status_code: int = 200,
    cursor: str = "",
) -> Response:
    base = f"/workspaces/{slug}"
    contract = Contract.model_validate(await page.api.get(f"{base}/contracts/{contract_id}"))
    documents = DocumentList.model_validate(
        await page.api.get(f"{base}/contracts/{contract_id}/documents")
    ).items
    obligations = await _obligations(page, slug, contract_id, cursor)
    signoff = await _signoff(page, base, contract)
    return page.render(
        "contracts/detail.html",
        signoff=signoff,
        status_code=status_code,
        frame=frame,
        contract=contract,
        documents=documents,
        obligations=[Obligation.model_validate(o) for o in obligations.items],
        more_url=obligations.more_url,
        next_statuses=CONTRACT_NEXT_STATUSES[contract.status],
        values={"recurrence": "none", "kind": "contract"},
        errors=errors,
    )


async def _signoff(page: Page, base: str, contract: Contract) -> Signoff | None:
    if not contract.signoff_scope_id:
        return None
    accountable = (
        await page.api.get(
            f"{base}/assignments",
            scope_id=contract.signoff_scope_id,
            raci="accountable",
            status="active",
            limit=1,
        )
    )["items"]
    health = ContractsHealth.model_validate(await page.api.get(f"{base}/contracts/health"))
    finding = next(
        (
            f
            for f in health.findings
            if f.contract_id == contract.id and f.code == SIGNOFF_UNASSIGNED
        ),
        None,
    )
    return Signoff(
        accountable=Accountable.model_validate(accountable[0]) if accountable else None,
        finding=finding,
    )


async def _act(
    page: Page, slug: str, contract_id: str, call: Awaitable[object], done: str
) -> Response:
    """Run one change; a refusal is shown on the contract's page, next to nothing lost."""
    try:
        await call
    except ApiError as error:
        if error.status not in (*REFUSALS, 403):
            raise
        frame = await workspace_frame(page, slug)
        errors = field_messages(error) or {"form": error.detail}
        return await _contract(
            page, slug, frame, contract_id, errors=errors, status_code=error.status
        )
    page.session.add_flash(translate(done, page.locale))
    return page.redirect(f"/w/{slug}/contracts/{contract_id}")


@router.post("/w/{slug}/contracts/{contract_id}/status")
async def move_contract(page: PageDep, request: Request, slug: str, contract_id: str) -> Response:
    form = await request.form()
    path = f"/workspaces/{slug}/contracts/{contract_id}"
    call = page.api.patch(path, {"status": text(form, "status")})
    return await _act(page, slug, contract_id, call, N_("Contract updated."))


@router.post("/w/{slug}/contracts/{contract_id}/decision")
async def decide_contract(page: PageDep, request: Request, slug: str, contract_id: str) -> Response:
    form = await request.form()
    body = {"decision": text(form, "decision"), "note": text(form, "note")}
    call = page.api.post(f"/workspaces/{slug}/contracts/{contract_id}/decision", json=body)
    return await _act(page, slug, contract_id, call, N_("Decision recorded."))


@router.post("/w/{slug}/contracts/{contract_id}/documents")
async def upload_document(page: PageDep, request: Request, slug: str, contract_id: str) -> Response:
    upload = await documents.upload_request(await request.form(), default_kind="contract")
    if upload is None:
        frame = await workspace_frame(page, slug)
        message = translate(N_("Choose a file to upload."), page.locale)
        return await _contract(
            page, slug, frame, contract_id, errors={"file": message}, status_code=422
        )
    call = page.api.request(
        "POST", f"/workspaces/{slug}/contracts/{contract_id}/documents", **upload
    )
    return await _act(page, slug, contract_id, call, N_("Document uploaded."))


@router.post("/w/{slug}/contracts/{contract_id}/documents/{document_id}/sign")
async def sign_document(page: PageDep, slug: str, contract_id: str, document_id: str) -> Response:
    path = f"/workspaces/{slug}/contracts/{contract_id}/documents/{document_id}/sign"
    call = page.api.post(path, json={"signed": True})
    return await _act(page, slug, contract_id, call, N_("Marked as the signed copy."))


@router.get("/w/{slug}/contracts/{contract_id}/documents/{document_id}")
async def download_document(
    page: PageDep, slug: str, contract_id: str, document_id: str
) -> Response:
    return await documents.download(
        page, f"/workspaces/{slug}/contracts/{contract_id}/documents/{document_id}/content"
    )


@router.post("/w/{slug}/contracts/{contract_id}/obligations")
async def add_obligation(page: PageDep, request: Request, slug: str, contract_id: str) -> Response:
    form = await request.form()
    body: ObligationPayload = {
        "contract_id": contract_id,
        "description": text(form, "description"),
        "due_on": optional(form, "due_on"),
        "recurrence": text(form, "recurrence") or "none",
        "owed_by": text(form, "owed_by") or "us",
    }
    if owner := optional(form, "owner_member_id"):
        body["owner_member_id"] = owner
    call = page.api.post(f"/workspaces/{slug}/obligations", json=body)
    return await _act(page, slug, contract_id, call, N_("Obligation added."))


@router.post("/w/{slug}/obligations/{obligation_id}/complete")
async def complete_obligation(
    page: PageDep, request: Request, slug: str, obligation_id: str
) -> Response:
    form = await request.form()
    try:
        await page.api.post(f"/workspaces/{slug}/obligations/{obligation_id}/complete")
    except ApiError as error:
        if error.status not in (403, 404):
            raise
        page.session.add_flash(error.detail)
    else:
        page.session.add_flash(translate(N_("Obligation done."), page.locale))
    return page.redirect(optional(form, "next") or f"/w/{slug}/my-week")
