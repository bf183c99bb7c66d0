from datetime import date, datetime
from zoneinfo import ZoneInfo


def today_in(timezone: str) -> date:
    """Today's date where the workspace is, not where the server is."""
    return datetime.now(ZoneInfo(timezone)).date()
