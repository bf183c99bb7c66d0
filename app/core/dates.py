"""Dates where the workspace is; "today" comes from the clock (app/core/clock.py)."""

from app.core.clock import today_in

__all__ = ["today_in"]
