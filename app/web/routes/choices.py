"""The choices of a search picker for what was typed (an htmx fragment: the picker's
<select>, see templates/partials/search_picker.html and app/web/choices.py)."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.web.choices import KINDS, Choice, ChoiceKind, search
from app.web.context import PageDep

router = APIRouter()
NAME = r"^[a-z][a-z0-9_-]{0,59}$"


@router.get("/w/{slug}/choices/{kind}")
async def choices(
    page: PageDep,
    slug: str,
    kind: ChoiceKind,
    field: Annotated[str, Query(pattern=NAME)],
    id: Annotated[str, Query(pattern=NAME)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    blank: Annotated[str, Query(max_length=100)] = "",
    chosen: Annotated[str, Query(max_length=64)] = "",
    chosen_name: Annotated[str, Query(max_length=200)] = "",
    required: bool = False,
    autosubmit: bool = False,
    many: bool = False,
) -> Response:
    """The chosen one, then at most `PICKER_SIZE` of `kind` matching `q` in this workspace
    (the first ones when `q` is empty, none of a kind found only by typing: members);
    another workspace's slug is a 404 from the API.
    `many`: checkboxes of the matches, without those already ticked (sent as `field`)."""
    return page.render(
        "partials/_choices.html",
        id=id or f"f-{field}",
        field=field,
        blank=blank,
        offered=await search(page, slug, kind, q) if q.strip() or KINDS[kind].browse else [],
        chosen=Choice(id=chosen, name=chosen_name) if chosen else None,
        required=required,
        autosubmit=autosubmit,
        many=many,
        exclude=page.request.query_params.getlist(field),
    )
