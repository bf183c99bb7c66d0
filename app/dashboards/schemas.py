import uuid
from datetime import date
from enum import StrEnum

from pydantic import ConfigDict, Field

from app.core.schemas import ReadModel
from app.models.enums import Aggregation, MetricCategory


class PeriodPreset(StrEnum):
    last_7_days = "7d"
    last_30_days = "30d"
    last_90_days = "90d"
    this_month = "month"
    this_quarter = "quarter"
    custom = "custom"


class ChannelValue(ReadModel):
    channel: str | None
    value: float | None


class DashboardTile(ReadModel):
    metric: str = Field(description="The metric's key.")
    metric_id: uuid.UUID
    name: str
    unit: str
    category: MetricCategory
    aggregation: Aggregation | None = Field(description="`null` for a ratio metric.")
    value: float | None = Field(description="The period's value; `null` without data.")
    previous_value: float | None = Field(description="The same length of time just before.")
    change: float | None
    change_percent: float | None = Field(description="Change over |previous| × 100.")
    sparkline: list[float | None] = Field(description="One value per day of the period.")
    by_channel: list[ChannelValue] = Field(
        description="The period's value per channel, best first."
    )


class Dashboard(ReadModel):
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    from_: date = Field(alias="from", description="First day (workspace calendar).")
    to: date = Field(description="Last day, inclusive.")
    previous_from: date
    previous_to: date
    timezone: str
    campaign_id: uuid.UUID | None
    channel: str | None
    tiles: list[DashboardTile] = Field(description="By category, then key.")
