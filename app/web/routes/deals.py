"""Deals: the pipeline board (drag between stages) and a deal's page (partners.py: partners)."""

from collections.abc import Mapping
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import URL, FormData

from app.core.i18n import N_, translate
from app.core.money import MoneyError, parse_money
from app.web.choices import ChoiceKind, picker
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, safe_next, text
from app.web.member_choice import chosen_member, named_member
from app.web.paging import Replies, one_page
from app.web.views.deals import (
    Column,
    Deal,
    DealCard,
    DealContract,
    MoveRefusal,
    Pipeline,
    Stage,
    StageChange,
    StageSummary,
)
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()
DEAL_PARTS = ("history", "contracts")
MOVE_REFUSALS = (403, 404, 409, 412, 422)


class MoneyPayload(TypedDict):
    amount_minor: int
    currency: str


class DealPayload(TypedDict, total=False):
    title: str
    expected_close_on: str | None
    next_step: str
    next_step_due_on: str | None
    value: MoneyPayload
    partner_id: str
    campaign_id: str
    owner_member_id: str | None


class MovePayload(TypedDict, total=False):
    stage_id: str
    lost_reason: str


@router.get("/w/{slug}/deals")
async def pipeline_page(page: PageDep, slug: str, stage: str = "", cursor: str = "") -> Response:
    """The board, a column per stage with its first deals; `stage` and `cursor` open one
    column further on (with htmx: only that column's next cards, to add below its last)."""
    frame = await workspace_frame(page, slug)
    if page.is_htmx and stage and cursor:
        return await _more_cards(page, slug, frame, stage, cursor)
    return await _board(
        page, slug, frame, errors={}, values={}, form_errors={}, opened=(stage, cursor)
    )


async def _more_cards(
    page: Page, slug: str, frame: WorkspaceFrame, stage: str, cursor: str
) -> Response:
    """A column's next cards (a fragment); none for a stage the pipeline does not have."""
    pipeline = Pipeline.model_validate(await page.api.get(f"/workspaces/{slug}/deals/pipeline"))
    summary = next((s for s in pipeline.stages if s.stage_id == stage), None)
    return page.render(
        "deals/_cards.html",
        frame=frame,
        column=await _column(page, slug, summary, cursor) if summary else None,
        stages=[s.stage for s in pipeline.stages],
        errors={},
    )


async def _column(page: Page, slug: str, summary: StageSummary, cursor: str) -> Column:
    """A page of the stage's deals, newest first (the API's order), from `cursor`."""
    board = URL(f"/w/{slug}/deals").include_query_params(stage=summary.stage_id)
    shown = await one_page(
        page.api, board, f"/workspaces/{slug}/deals", cursor, stage_id=summary.stage_id
    )
    return Column(
        summary=summary,
        deals=[DealCard.model_validate(d) for d in shown.items],
        more_url=shown.more_url,
    )


async def _board(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    errors: Mapping[str, MoveRefusal],
    values: Mapping[str, str],
    form_errors: dict[str, str],
    fragment: bool = False,
    status_code: int = 200,
    opened: tuple[str, str] = ("", ""),
) -> Response:
    """The stages come with the pipeline's counts and totals (one call, every stage: the
    catalogue an admin keeps), then each column is one call for its first page of deals, so
    the board makes 1 + stages calls however many deals there are; `opened` is a column
    (stage id) shown from a cursor."""
    base = f"/workspaces/{slug}"
    pipeline = Pipeline.model_validate(await page.api.get(f"{base}/deals/pipeline"))
    opened_stage, opened_cursor = opened
    columns: list[Column] = await page.api.gather(
        *(
            _column(page, slug, summary, opened_cursor if summary.stage_id == opened_stage else "")
            for summary in pipeline.stages
        )
    )
    stages = [column.stage for column in columns]
    if fragment:
        return page.render(
            "deals/_board.html",
            status_code=status_code,
            frame=frame,
            columns=columns,
            stages=stages,
            errors=errors,
        )
    return page.render(
        "deals/board.html",
        status_code=status_code,
        frame=frame,
        columns=columns,
        stages=stages,
        errors=errors,
        pipeline=pipeline,
        partner=await picker(page, slug, ChoiceKind.partner, values.get("partner_id")),
        campaign=await picker(page, slug, ChoiceKind.campaign, values.get("campaign_id")),
        values={"currency": frame.ws.currency, **values},
        form_errors=form_errors,
    )


@router.post("/w/{slug}/deals/{deal_id}/move")
async def move_deal(page: PageDep, request: Request, slug: str, deal_id: str) -> Response:
    """Move a deal to the stage chosen on its card (a drop on a column submits that form)."""
    form = await request.form()
    stage_id = text(form, "stage_id")
    body = MovePayload(stage_id=stage_id)
    if reason := optional(form, "lost_reason"):
        body["lost_reason"] = reason
    errors: dict[str, MoveRefusal] = {}
    try:
        await page.api.patch(f"/workspaces/{slug}/deals/{deal_id}", body)
    except ApiError as error:
        if error.status not in MOVE_REFUSALS:
            raise
        errors[deal_id] = MoveRefusal(
            detail=error.detail,
            stage_id=stage_id,
            lost_reason=field_messages(error).get("lost_reason"),
        )
    next_path = safe_next(optional(form, "next"), f"/w/{slug}/deals")
    if not page.is_htmx:
        for refusal in errors.values():
            page.session.add_flash(refusal.lost_reason or refusal.detail)
        return page.redirect(next_path)
    frame = await workspace_frame(page, slug)
    return await _board(page, slug, frame, errors=errors, values={}, form_errors={}, fragment=True)


def _money(form: FormData, amount_field: str, currency: str, locale: str) -> MoneyPayload | None:
    typed = text(form, amount_field)
    if not typed:
        return None
    money = parse_money(typed, currency, locale)
    return {"amount_minor": money.amount_minor, "currency": money.currency}


def _deal_payload(form: FormData, locale: str, default_currency: str) -> DealPayload:
    """The deal's fields from the form; raises `MoneyError` for an amount that is not one."""
    currency = text(form, "currency") or default_currency
    payload: DealPayload = {
        "title": text(form, "title"),
        "expected_close_on": optional(form, "expected_close_on"),
        "next_step": text(form, "next_step"),
        "next_step_due_on": optional(form, "next_step_due_on"),
    }
    value = _money(form, "value", currency, locale)
    if value is not None:
        payload["value"] = value
    return payload


@router.post("/w/{slug}/deals")
async def create_deal(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    frame = await workspace_frame(page, slug)
    values = {key: text(form, key) for key in form if key != "csrf_token"}
    try:
        payload = _deal_payload(form, page.locale, frame.ws.currency)
    except MoneyError as exc:
        message = translate(exc.template, page.locale).format(**exc.params)
        return await _board(
            page,
            slug,
            frame,
            errors={},
            values=values,
            form_errors={"value": message},
            status_code=422,
        )
    payload["partner_id"] = text(form, "partner_id")
    if campaign_id := optional(form, "campaign_id"):
        payload["campaign_id"] = campaign_id
    try:
        deal = await page.api.post(f"/workspaces/{slug}/deals", json=payload)
    except ApiError as error:
        if error.status not in (404, 422):
            raise
        form_errors = field_messages(error)
        return await _board(
            page,
            slug,
            frame,
            errors={},
            values=values,
            form_errors=form_errors,
            status_code=error.status,
        )
    page.session.add_flash(translate(N_("Deal added."), page.locale))
    return page.redirect(f"/w/{slug}/deals/{deal['id']}")


@router.get("/w/{slug}/deals/{deal_id}")
async def deal_page(
    page: PageDep, slug: str, deal_id: str, part: str = "", cursor: str = ""
) -> Response:
    """A deal, its stage history and its contracts (each one call: a deal has few); `part`
    ("history" or "contracts") and `cursor` show one further on (with htmx: only its next
    items)."""
    frame = await workspace_frame(page, slug)
    if page.is_htmx and cursor and part in DEAL_PARTS:
        shown = await _deal_part(page, slug, deal_id, part, cursor)
        view = StageChange if part == "history" else DealContract
        return page.render(
            f"deals/_{part}.html",
            frame=frame,
            deal_id=deal_id,
            items=[view.model_validate(item) for item in shown.items],
            more_url=shown.more_url,
        )
    return await _deal(page, slug, frame, deal_id, values=None, errors={}, opened=(part, cursor))


async def _deal_part(page: Page, slug: str, deal_id: str, part: str, cursor: str) -> Replies:
    """The deal's stage history (oldest move first) or its contracts, from `cursor`."""
    here = URL(f"/w/{slug}/deals/{deal_id}").include_query_params(part=part)
    base = f"/workspaces/{slug}"
    if part == "history":
        path, params = f"{base}/deals/{deal_id}/stages", {}
    else:
        path, params = f"{base}/contracts", {"deal_id": deal_id}
    return await one_page(page.api, here, path, cursor, of_one_parent=True, **params)


async def _deal(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    deal_id: str,
    *,
    values: Mapping[str, str] | None,
    errors: dict[str, str],
    status_code: int = 200,
    opened: tuple[str, str] = ("", ""),
) -> Response:
    """`opened`: a part of the deal (history or contracts) shown from a cursor. The stages
    are the pipeline's catalogue (one call; a pipeline of more than 200 stages would offer
    the first 200 on the stage picker)."""
    base = f"/workspaces/{slug}"
    reply, etag = await page.api.get_with_etag(f"{base}/deals/{deal_id}")
    deal = Deal.model_validate(reply)
    part, cursor = opened
    history = await _deal_part(page, slug, deal_id, "history", cursor if part == "history" else "")
    stages = (await page.api.get(f"{base}/pipeline-stages", limit=200))["items"]
    contracts = await _deal_part(
        page, slug, deal_id, "contracts", cursor if part == "contracts" else ""
    )
    values = values or deal.form_values()
    owner = await chosen_member(
        page,
        slug,
        values.get("owner_member_id"),
        named=named_member(deal.owner_member_id, deal.owner_name),
    )
    return page.render(
        "deals/detail.html",
        status_code=status_code,
        frame=frame,
        deal=deal,
        etag=etag,
        history=[StageChange.model_validate(h) for h in history.items],
        history_more_url=history.more_url,
        stages=[Stage.model_validate(s) for s in stages],
        owner=owner,
        deal_id=deal.id,
        contracts=[DealContract.model_validate(c) for c in contracts.items],
        contracts_more_url=contracts.more_url,
        values=values,
        errors=errors,
    )


@router.post("/w/{slug}/deals/{deal_id}")
async def update_deal(page: PageDep, request: Request, slug: str, deal_id: str) -> Response:
    form = await request.form()
    frame = await workspace_frame(page, slug)
    values = {key: text(form, key) for key in form if key != "csrf_token"}
    try:
        payload = _deal_payload(form, page.locale, frame.ws.currency)
    except MoneyError as exc:
        message = translate(exc.template, page.locale).format(**exc.params)
        return await _deal(
            page, slug, frame, deal_id, values=values, errors={"value": message}, status_code=422
        )
    payload["owner_member_id"] = optional(form, "owner_member_id")
    try:
        await page.api.patch(
            f"/workspaces/{slug}/deals/{deal_id}", payload, if_match=optional(form, "etag")
        )
    except ApiError as error:
        if error.status not in (404, 412, 422):
            raise
        errors = field_messages(error)
        return await _deal(
            page, slug, frame, deal_id, values=values, errors=errors, status_code=error.status
        )
    page.session.add_flash(translate(N_("Deal saved."), page.locale))
    return page.redirect(f"/w/{slug}/deals/{deal_id}")


@router.post("/w/{slug}/deals/{deal_id}/contracts")
async def draft_contract(page: PageDep, request: Request, slug: str, deal_id: str) -> Response:
    """Draft the deal's contract (a sponsorship with its partner, on its campaign)."""
    form = await request.form()
    deal = DealCard.model_validate(await page.api.get(f"/workspaces/{slug}/deals/{deal_id}"))
    payload = {
        "title": text(form, "title") or deal.title,
        "type": text(form, "type") or "sponsorship",
        "partner_id": deal.partner_id,
        "campaign_id": deal.campaign_id,
        "owner_member_id": deal.owner_member_id,
        "deal_id": deal_id,
    }
    try:
        await page.api.post(f"/workspaces/{slug}/contracts", json=payload)
    except ApiError as error:
        if error.status not in (404, 422):
            raise
        page.session.add_flash(error.detail)
        return page.redirect(f"/w/{slug}/deals/{deal_id}")
    page.session.add_flash(translate(N_("Contract drafted."), page.locale))
    return page.redirect(f"/w/{slug}/deals/{deal_id}")


@router.post("/w/{slug}/contracts/{contract_id}/sign")
async def sign_contract(page: PageDep, request: Request, slug: str, contract_id: str) -> Response:
    form = await request.form()
    next_path = safe_next(optional(form, "next"), f"/w/{slug}/deals")
    try:
        await page.api.patch(f"/workspaces/{slug}/contracts/{contract_id}", {"status": "signed"})
    except ApiError as error:
        if error.status not in (404, 409, 422):
            raise
        page.session.add_flash(error.detail)
        return page.redirect(next_path)
    page.session.add_flash(translate(N_("Contract signed."), page.locale))
    return page.redirect(next_path)
