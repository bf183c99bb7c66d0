"""Metrics in the browser: define and change metrics, correct and delete datapoints."""

from collections.abc import Mapping
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, safe_next, text
from app.web.routes.metrics import aware_local
from app.web.views.metrics import Metric
from app.web.workspace import workspace_frame

router = APIRouter()
METRIC_FIELDS = ("key", "name", "description", "unit", "category", "aggregation", "direction")
FormValues = Mapping[str, str | float | None]


class MetricPayload(TypedDict, total=False):
    """The metric the API is sent (no `aggregation` for a ratio metric)."""

    key: str
    name: str
    description: str
    unit: str
    category: str
    aggregation: str
    direction: str
    min_value: str | None
    max_value: str | None


class DatapointChange(TypedDict):
    value: str | None
    observed_at: str | None
    channel: str | None
    allow_future: bool


@router.get("/w/{slug}/metrics/new")
async def new_metric(page: PageDep, slug: str) -> Response:
    values = {"category": "content", "aggregation": "sum", "direction": "higher_is_better"}
    return await _metric_form(page, slug, metric=None, values=values, errors={})


@router.post("/w/{slug}/metrics")
async def create_metric(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    try:
        metric = await page.api.post(f"/workspaces/{slug}/metrics", json=_metric_payload(form))
    except ApiError as error:
        return await _metric_form_again(page, slug, form, error, metric=None)
    page.session.add_flash(translate(N_("Metric created."), page.locale))
    return page.redirect(f"/w/{slug}/metrics/{metric['id']}")


@router.get("/w/{slug}/metrics/{metric_id}/edit")
async def edit_metric(page: PageDep, slug: str, metric_id: str) -> Response:
    reply, etag = await page.api.get_with_etag(f"/workspaces/{slug}/metrics/{metric_id}")
    metric = Metric.model_validate(reply)
    values: FormValues = {
        "key": metric.key,
        "name": metric.name,
        "description": metric.description,
        "unit": metric.unit,
        "category": metric.category,
        "aggregation": metric.aggregation,
        "direction": metric.direction,
        "min_value": metric.min_value,
        "max_value": metric.max_value,
        "etag": etag,
    }
    return await _metric_form(page, slug, metric=metric, values=values, errors={})


@router.post("/w/{slug}/metrics/{metric_id}")
async def update_metric(page: PageDep, request: Request, slug: str, metric_id: str) -> Response:
    form = await request.form()
    path = f"/workspaces/{slug}/metrics/{metric_id}"
    payload = _metric_payload(form)
    metric = Metric.model_validate(await page.api.get(path))
    if metric.ratio_of is not None:
        payload.pop("aggregation")
    try:
        await page.api.patch(path, payload, if_match=optional(form, "etag"))
    except ApiError as error:
        return await _metric_form_again(page, slug, form, error, metric=metric)
    page.session.add_flash(translate(N_("Changes saved."), page.locale))
    return page.redirect(f"/w/{slug}/metrics/{metric_id}")


@router.post("/w/{slug}/datapoints/{datapoint_id}")
async def update_datapoint(
    page: PageDep, request: Request, slug: str, datapoint_id: str
) -> Response:
    form = await request.form()
    frame = await workspace_frame(page, slug)
    next_path = safe_next(optional(form, "next"), f"/w/{slug}/metrics")
    payload = DatapointChange(
        value=text(form, "value") or None,
        observed_at=aware_local(text(form, "observed_at"), frame.ws.timezone),
        channel=optional(form, "channel"),
        allow_future=text(form, "allow_future") == "on",
    )
    try:
        await page.api.patch(f"/workspaces/{slug}/datapoints/{datapoint_id}", payload)
    except ApiError as error:
        if error.status not in (404, 422):
            raise
        messages = field_messages(error)
        page.session.add_flash("; ".join(dict.fromkeys(messages.values())) or error.detail)
        return page.redirect(next_path)
    page.session.add_flash(translate(N_("Datapoint corrected."), page.locale))
    return page.redirect(next_path)


@router.post("/w/{slug}/datapoints/{datapoint_id}/delete")
async def delete_datapoint(
    page: PageDep, request: Request, slug: str, datapoint_id: str
) -> Response:
    form = await request.form()
    await page.api.delete(f"/workspaces/{slug}/datapoints/{datapoint_id}")
    page.session.add_flash(translate(N_("Datapoint deleted."), page.locale))
    return page.redirect(safe_next(optional(form, "next"), f"/w/{slug}/metrics"))


def _metric_payload(form: FormData) -> MetricPayload:
    return MetricPayload(
        key=text(form, "key"),
        name=text(form, "name"),
        description=text(form, "description"),
        unit=text(form, "unit"),
        category=text(form, "category"),
        aggregation=text(form, "aggregation"),
        direction=text(form, "direction"),
        min_value=optional(form, "min_value"),
        max_value=optional(form, "max_value"),
    )


async def _metric_form_again(
    page: Page, slug: str, form: FormData, error: ApiError, *, metric: Metric | None
) -> Response:
    if error.status not in (409, 412, 422):
        raise error
    values = {name: value for name, value in form.items() if isinstance(value, str)}
    errors = field_messages(error)
    if error.status in (409, 412):
        errors["form"] = error.detail
    return await _metric_form(
        page, slug, metric=metric, values=values, errors=errors, status_code=error.status
    )


async def _metric_form(
    page: Page,
    slug: str,
    *,
    metric: Metric | None,
    values: FormValues,
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    frame = await workspace_frame(page, slug)
    return page.render(
        "metrics/form.html",
        status_code=status_code,
        frame=frame,
        metric=metric,
        values=values,
        errors=errors,
    )
