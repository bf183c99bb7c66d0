"""Deals: the pipeline board (drag between stages), a deal's page, partners."""

from collections.abc import Mapping
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from app.core.i18n import N_, translate
from app.core.money import MoneyError, parse_money
from app.web.choices import ChoiceKind, picker
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, safe_next, text
from app.web.member_choice import chosen_member, named_member
from app.web.views.deals import (
    Column,
    Deal,
    DealCard,
    DealContract,
    MoveRefusal,
    Partner,
    Pipeline,
    Stage,
    StageChange,
)
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()
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


class ContactPayload(TypedDict):
    name: str
    role: str
    email: str | None
    phone: str
    wechat: str


class PartnerPayload(TypedDict):
    name: str
    kind: str
    notes: str
    contacts: list[ContactPayload]


@router.get("/w/{slug}/deals")
async def pipeline_page(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    return await _board(page, slug, frame, errors={}, values={}, form_errors={})


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
) -> Response:
    base = f"/workspaces/{slug}"
    stages = [Stage.model_validate(s) for s in await page.api.all_items(f"{base}/pipeline-stages")]
    deals = [DealCard.model_validate(d) for d in await page.api.all_items(f"{base}/deals")]
    pipeline = Pipeline.model_validate(await page.api.get(f"{base}/deals/pipeline"))
    summaries = {summary.stage_id: summary for summary in pipeline.stages}
    columns = [
        Column(
            stage=stage,
            summary=summaries.get(stage.id),
            deals=[d for d in deals if d.stage_id == stage.id],
        )
        for stage in stages
    ]
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
async def deal_page(page: PageDep, slug: str, deal_id: str) -> Response:
    frame = await workspace_frame(page, slug)
    return await _deal(page, slug, frame, deal_id, values=None, errors={})


async def _deal(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    deal_id: str,
    *,
    values: Mapping[str, str] | None,
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    base = f"/workspaces/{slug}"
    reply, etag = await page.api.get_with_etag(f"{base}/deals/{deal_id}")
    deal = Deal.model_validate(reply)
    history = await page.api.all_items(f"{base}/deals/{deal_id}/stages")
    stages = await page.api.all_items(f"{base}/pipeline-stages")
    contracts = await page.api.all_items(f"{base}/contracts", deal_id=deal_id)
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
        history=[StageChange.model_validate(h) for h in history],
        stages=[Stage.model_validate(s) for s in stages],
        owner=owner,
        contracts=[DealContract.model_validate(c) for c in contracts],
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


@router.get("/w/{slug}/partners")
async def partners_page(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    return await _partners(page, slug, frame, values={}, errors={})


async def _partners(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    values: Mapping[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    partners = await page.api.all_items(f"/workspaces/{slug}/partners")
    return page.render(
        "deals/partners.html",
        status_code=status_code,
        frame=frame,
        partners=[Partner.model_validate(p) for p in partners],
        values={"kind": "sponsor", **values},
        errors=errors,
    )


@router.post("/w/{slug}/partners")
async def create_partner(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    values = {key: text(form, key) for key in form if key != "csrf_token"}
    contact: ContactPayload = {
        "name": text(form, "contact_name"),
        "role": text(form, "contact_role"),
        "email": optional(form, "contact_email"),
        "phone": text(form, "contact_phone"),
        "wechat": text(form, "contact_wechat"),
    }
    payload: PartnerPayload = {
        "name": text(form, "name"),
        "kind": text(form, "kind") or "other",
        "notes": text(form, "notes"),
        "contacts": [contact] if contact["name"] else [],
    }
    try:
        await page.api.post(f"/workspaces/{slug}/partners", json=payload)
    except ApiError as error:
        if error.status not in (409, 422):
            raise
        frame = await workspace_frame(page, slug)
        messages = field_messages(error)
        errors = {
            ("contact_" + key.split(".")[-1] if key.startswith("contacts.") else key): message
            for key, message in messages.items()
        }
        if error.status == 409:
            errors["name"] = error.detail
        return await _partners(
            page, slug, frame, values=values, errors=errors, status_code=error.status
        )
    page.session.add_flash(translate(N_("Partner added."), page.locale))
    return page.redirect(f"/w/{slug}/partners")


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
