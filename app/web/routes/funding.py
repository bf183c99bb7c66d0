"""Funding: goals (each kind with its own progress), the latest contributions, the
investor pipeline and the round's documents (pitch deck, financial model, term sheet)."""

from collections.abc import Mapping
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from app.core.i18n import N_, translate
from app.core.money import MoneyError, parse_money
from app.vocabulary import InvestorStage
from app.web import documents
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.views.documents import DocumentList
from app.web.views.funding import (
    Contribution,
    FundingGoal,
    Investor,
    InvestorBoard,
    InvestorColumn,
    InvestorPipeline,
    StageRefusal,
)
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()
REFUSALS = (403, 404, 409, 412, 422)
STAGES = list(InvestorStage)


class MoneyPayload(TypedDict):
    amount_minor: int
    currency: str


class InvestorPayload(TypedDict, total=False):
    name: str
    contact_name: str
    email: str | None
    wechat: str
    stage: str
    next_step: str
    next_step_due_on: str | None
    last_contact_on: str | None
    ticket: MoneyPayload


class StagePayload(TypedDict, total=False):
    stage: str
    last_contact_on: str


@router.get("/w/{slug}/funding")
async def funding_page(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    return await _funding(page, slug, frame, values={}, errors={})


async def _funding(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    values: Mapping[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    base = f"/workspaces/{slug}"
    goals = [
        FundingGoal.model_validate(g) for g in await page.api.all_items(f"{base}/funding-goals")
    ]
    contributions = (await page.api.get(f"{base}/contributions", limit=20))["items"]
    board = await _investor_board(page, base)
    documents = DocumentList.model_validate(await page.api.get(f"{base}/funding-documents"))
    return page.render(
        "funding/index.html",
        status_code=status_code,
        frame=frame,
        goals=sorted(goals, key=lambda g: (g.priority, g.name)),
        contributions=[Contribution.model_validate(c) for c in contributions],
        investor_columns=board.columns,
        stages=STAGES,
        move_errors={},
        board_error=None,
        documents=documents.items,
        values={
            "stage": "prospect",
            "kind": "pitch_deck",
            "currency": frame.ws.currency,
            **values,
        },
        errors=errors,
    )


async def _refused(page: Page, slug: str, form: FormData, error: ApiError) -> Response:
    frame = await workspace_frame(page, slug)
    values = {key: text(form, key) for key in form if key not in ("csrf_token", "file")}
    errors = field_messages(error) or {"form": error.detail}
    return await _funding(page, slug, frame, values=values, errors=errors, status_code=error.status)


@router.post("/w/{slug}/investors")
async def add_investor(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    body: InvestorPayload = {
        "name": text(form, "name"),
        "contact_name": text(form, "contact_name"),
        "email": optional(form, "email"),
        "wechat": text(form, "wechat"),
        "stage": text(form, "stage") or "prospect",
        "next_step": text(form, "next_step"),
        "next_step_due_on": optional(form, "next_step_due_on"),
        "last_contact_on": optional(form, "last_contact_on"),
    }
    if typed := text(form, "ticket"):
        frame = await workspace_frame(page, slug)
        currency = text(form, "currency") or frame.ws.currency
        try:
            money = parse_money(typed, currency, page.locale)
        except MoneyError as exc:
            message = translate(exc.template, page.locale).format(**exc.params)
            values = {key: text(form, key) for key in form if key != "csrf_token"}
            return await _funding(
                page, slug, frame, values=values, errors={"ticket": message}, status_code=422
            )
        body["ticket"] = {"amount_minor": money.amount_minor, "currency": money.currency}
    try:
        await page.api.post(f"/workspaces/{slug}/investors", json=body)
    except ApiError as error:
        if error.status not in REFUSALS:
            raise
        return await _refused(page, slug, form, error)
    page.session.add_flash(translate(N_("Investor added."), page.locale))
    return page.redirect(f"/w/{slug}/funding")


async def _investor_board(page: Page, base: str) -> InvestorBoard:
    """The investor pipeline as board columns, one per stage, with its tickets per currency."""
    investors = [Investor.model_validate(i) for i in await page.api.all_items(f"{base}/investors")]
    pipeline = InvestorPipeline.model_validate(await page.api.get(f"{base}/investors/pipeline"))
    tickets = {total.stage: total.tickets for total in pipeline.stages}
    return InvestorBoard(
        columns=[
            InvestorColumn(
                stage=stage,
                tickets=tickets.get(stage, []),
                investors=[i for i in investors if i.stage == stage],
            )
            for stage in STAGES
        ]
    )


@router.post("/w/{slug}/investors/{investor_id}/stage")
async def move_investor(page: PageDep, request: Request, slug: str, investor_id: str) -> Response:
    """Move an investor to the stage chosen on its card (a drop on a column submits that form);
    a refusal is explained on the card (htmx) or as a flash."""
    form = await request.form()
    stage = text(form, "stage")
    body = StagePayload(stage=stage)
    if contacted := optional(form, "last_contact_on"):
        body["last_contact_on"] = contacted
    errors: dict[str, StageRefusal] = {}
    try:
        await page.api.patch(f"/workspaces/{slug}/investors/{investor_id}", body)
    except ApiError as error:
        if error.status not in REFUSALS:
            raise
        errors[investor_id] = StageRefusal(detail=error.detail, stage=stage)
    if not page.is_htmx:
        for refusal in errors.values():
            page.session.add_flash(refusal.detail)
        return page.redirect(f"/w/{slug}/funding")
    frame = await workspace_frame(page, slug)
    board = await _investor_board(page, f"/workspaces/{slug}")
    shown = board.investor_ids()
    return page.render(
        "funding/_investor_board.html",
        frame=frame,
        investor_columns=board.columns,
        stages=STAGES,
        move_errors=errors,
        # A refusal about a card no longer on the board (deleted meanwhile) is said above it.
        board_error=next((e.detail for i, e in errors.items() if i not in shown), None),
    )


@router.post("/w/{slug}/funding/documents")
async def upload_funding_document(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    upload = await documents.upload_request(form, default_kind="other")
    if upload is None:
        frame = await workspace_frame(page, slug)
        message = translate(N_("Choose a file to upload."), page.locale)
        return await _funding(
            page, slug, frame, values={}, errors={"file": message}, status_code=422
        )
    try:
        await page.api.request("POST", f"/workspaces/{slug}/funding-documents", **upload)
    except ApiError as error:
        if error.status not in REFUSALS:
            raise
        return await _refused(page, slug, form, error)
    page.session.add_flash(translate(N_("Document uploaded."), page.locale))
    return page.redirect(f"/w/{slug}/funding")


@router.get("/w/{slug}/funding/documents/{document_id}")
async def download_funding_document(page: PageDep, slug: str, document_id: str) -> Response:
    return await documents.download(
        page, f"/workspaces/{slug}/funding-documents/{document_id}/content"
    )
