"""Funding: goals (each kind with its own progress), the latest contributions, the
investor pipeline and the round's documents (pitch deck, financial model, term sheet)."""

from collections.abc import Mapping
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import URL, FormData

from app.core.i18n import N_, translate
from app.core.money import MoneyError, parse_money
from app.vocabulary import InvestorStage
from app.web import documents
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.paging import Replies, one_page
from app.web.views.documents import DocumentList
from app.web.views.funding import (
    Contribution,
    FundingGoal,
    Investor,
    InvestorBoard,
    InvestorColumn,
    InvestorPipeline,
    StageRefusal,
    StageTotal,
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
async def funding_page(page: PageDep, slug: str, stage: str = "", cursor: str = "") -> Response:
    """Funding goals a page at a time (`cursor`), the investor board a page per column
    (`stage` and `cursor` open one column further on); with htmx and a cursor, only the next
    goals or the column's next cards."""
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    if page.is_htmx and cursor and stage:
        return await _more_investors(page, slug, frame, stage, cursor)
    if page.is_htmx and cursor:
        goals = await one_page(page.api, page.request.url, f"{base}/funding-goals", cursor)
        return page.render(
            "funding/_goals.html",
            frame=frame,
            goals=_goals(goals),
            goals_more_url=goals.more_url,
        )
    return await _funding(page, slug, frame, values={}, errors={}, opened=(stage, cursor))


def _goals(shown: Replies) -> list[FundingGoal]:
    """In the API's order: by priority."""
    return [FundingGoal.model_validate(g) for g in shown.items]


async def _funding(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    values: Mapping[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    opened: tuple[str, str] = ("", ""),
) -> Response:
    """`opened`: an investor column (stage) shown from a cursor, or the goals (no stage)."""
    base = f"/workspaces/{slug}"
    stage, cursor = opened
    board_url = URL(f"/w/{slug}/funding")
    goals = await one_page(page.api, board_url, f"{base}/funding-goals", "" if stage else cursor)
    contributions = (await page.api.get(f"{base}/contributions", limit=20))["items"]
    board = await _investor_board(page, slug, opened)
    documents = DocumentList.model_validate(await page.api.get(f"{base}/funding-documents"))
    return page.render(
        "funding/index.html",
        status_code=status_code,
        frame=frame,
        goals=_goals(goals),
        goals_more_url=goals.more_url,
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


async def _investor_board(
    page: Page, slug: str, opened: tuple[str, str] = ("", "")
) -> InvestorBoard:
    """The investor pipeline as board columns, one per stage (a fixed vocabulary), each with
    its count and tickets per currency (one call for all) and a page of its investors (one
    call per column): the same calls however many investors there are. `opened` is a column
    shown from a cursor."""
    pipeline = InvestorPipeline.model_validate(
        await page.api.get(f"/workspaces/{slug}/investors/pipeline")
    )
    opened_stage, cursor = opened
    columns: list[InvestorColumn] = await page.api.gather(
        *(
            _investor_column(page, slug, total, cursor if total.stage == opened_stage else "")
            for total in pipeline.stages
        )
    )
    return InvestorBoard(columns=columns)


async def _investor_column(page: Page, slug: str, total: StageTotal, cursor: str) -> InvestorColumn:
    """A page of the stage's investors, by name (the API's order), from `cursor`."""
    board = URL(f"/w/{slug}/funding").include_query_params(stage=total.stage)
    shown = await one_page(
        page.api, board, f"/workspaces/{slug}/investors", cursor, stage=total.stage
    )
    return InvestorColumn(
        stage=total.stage,
        count=total.count,
        tickets=total.tickets,
        investors=[Investor.model_validate(i) for i in shown.items],
        more_url=shown.more_url,
    )


async def _more_investors(
    page: Page, slug: str, frame: WorkspaceFrame, stage: str, cursor: str
) -> Response:
    """A column's next investor cards (a fragment); none for a stage that is not one."""
    pipeline = InvestorPipeline.model_validate(
        await page.api.get(f"/workspaces/{slug}/investors/pipeline")
    )
    total = next((t for t in pipeline.stages if t.stage == stage), None)
    return page.render(
        "funding/_investor_cards.html",
        frame=frame,
        column=await _investor_column(page, slug, total, cursor) if total else None,
        stages=STAGES,
        move_errors={},
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
    board = await _investor_board(page, slug)
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
