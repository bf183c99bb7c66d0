"""Typed view models of the web pages: what each template reads, parsed from the API's JSON."""

from pydantic import BaseModel, ConfigDict


class View(BaseModel):
    """An API reply as a page reads it: unknown fields ignored, never changed once made."""

    model_config = ConfigDict(frozen=True, extra="ignore")
