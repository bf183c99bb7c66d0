"""Typed view models of the pages: what each template reads, parsed from the API's JSON
at the boundary (`CampaignCard.model_validate(reply)`), so no untyped reply reaches a
template. Fields are named like the API's; fields a page does not show are ignored."""

from pydantic import BaseModel, ConfigDict


class View(BaseModel):
    """The base of every view model: read-only, and blind to reply fields it does not name."""

    model_config = ConfigDict(frozen=True, extra="ignore")
