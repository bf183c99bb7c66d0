"""The days a campaign is judged on, and why those (`Judged`): `window` in Python for one
campaign, `in_sql` the same bounds as a SQL condition on its assignments."""

from datetime import date, timedelta

from sqlalchemy import ColumnElement, Date, and_, case, func, literal, or_

from app.division.periods import Period
from app.division.schemas import Judged
from app.models import Assignment, Campaign
from app.models.enums import AssignmentStatus

OPEN_END = timedelta(weeks=12, days=-1)


def window(starts_on: date | None, ends_on: date | None, period: Period) -> tuple[Period, Judged]:
    """The days a campaign is judged on, and why those.

    - `asked`: the period asked, when the campaign runs on all of it;
    - `campaign_part`: the part of the period asked in which the campaign runs (a period
      overlapping its start or end: the days outside its dates are not judged);
    - `campaign_dates`: the campaign does not run on any day asked, so it is judged over
      its own dates (up to 12 weeks when it has no end) — a campaign planned for later is
      checked against the assignments planned for it.
    """
    if (starts_on is None or starts_on <= period.end) and (
        ends_on is None or ends_on >= period.start
    ):
        first = max(period.start, starts_on) if starts_on else period.start
        last = min(period.end, ends_on) if ends_on else period.end
        if (first, last) == (period.start, period.end):
            return period, Judged.asked
        return Period(first, last), Judged.campaign_part
    if starts_on is not None and starts_on > period.end:
        return Period(starts_on, ends_on or starts_on + OPEN_END), Judged.campaign_dates
    assert ends_on is not None
    return Period(starts_on or ends_on - OPEN_END, ends_on), Judged.campaign_dates


def in_sql(first: date, last: date) -> ColumnElement[bool]:
    """`counted` over each campaign's window (the SQL side of `window`, without the cap)."""
    runs = and_(
        or_(Campaign.starts_on.is_(None), Campaign.starts_on <= last),
        or_(Campaign.ends_on.is_(None), Campaign.ends_on >= first),
    )
    low = case(
        (runs, literal(first, Date)),
        else_=func.coalesce(Campaign.starts_on, literal(date.min, Date)),
    )
    high = case(
        (runs, literal(last, Date)), else_=func.coalesce(Campaign.ends_on, literal(date.max, Date))
    )
    return and_(
        Assignment.starts_on <= high,
        or_(
            and_(Assignment.ends_on.is_(None), Assignment.status == AssignmentStatus.active),
            Assignment.ends_on >= low,
        ),
    )
