"""The activity feed of a workspace or one campaign, and its export for audits."""

from fastapi import APIRouter
from fastapi.responses import Response, StreamingResponse

from app.web import activity_text
from app.web.context import PageDep
from app.web.views.campaigns import CampaignCard
from app.web.views.feed import Activity, FeedEntry
from app.web.workspace import workspace_frame

router = APIRouter()
PAGE_SIZE = 50


@router.get("/w/{slug}/feed")
async def workspace_feed(page: PageDep, slug: str, topic: str = "", cursor: str = "") -> Response:
    return await _feed(page, slug, campaign=None, topic=topic, cursor=cursor)


@router.get("/w/{slug}/campaigns/{campaign_id}/feed")
async def campaign_feed(
    page: PageDep, slug: str, campaign_id: str, topic: str = "", cursor: str = ""
) -> Response:
    reply = await page.api.get(f"/workspaces/{slug}/campaigns/{campaign_id}")
    campaign = CampaignCard.model_validate(reply)
    return await _feed(page, slug, campaign=campaign, topic=topic, cursor=cursor)


@router.get("/w/{slug}/feed/export")
async def feed_export(
    page: PageDep, slug: str, format: str = "csv", campaign_id: str = "", topic: str = ""
) -> Response:
    body, headers = await page.api.download(
        f"/workspaces/{slug}/activities/export",
        params={"format": format, "campaign_id": campaign_id, "verb": _verbs(topic)},
    )
    kept = {k: v for k, v in headers.items() if k in ("content-type", "content-disposition")}
    return StreamingResponse(body, headers=kept)


async def _feed(
    page: PageDep, slug: str, *, campaign: CampaignCard | None, topic: str, cursor: str
) -> Response:
    frame = await workspace_frame(page, slug)
    topic = topic if topic in activity_text.TOPICS else ""
    result = await page.api.get(
        f"/workspaces/{slug}/activities",
        campaign_id=campaign.id if campaign else None,
        verb=_verbs(topic),
        limit=PAGE_SIZE,
        cursor=cursor or None,
    )
    activities = [Activity.model_validate(item) for item in result["items"]]
    entries = [
        FeedEntry(
            activity=activity,
            sentence=activity_text.sentence(activity, page.locale),
            changes=activity_text.changes(activity),
        )
        for activity in activities
    ]
    return page.render(
        "feed/_entries.html" if page.is_htmx else "feed/feed.html",
        frame=frame,
        campaign=campaign,
        entries=entries,
        topic=topic,
        topics=activity_text.TOPICS,
        next_cursor=result["next_cursor"],
        first_page=not cursor,
    )


def _verbs(topic: str) -> list[str] | None:
    found = activity_text.TOPICS.get(topic)
    return [f"{subject}.*" for subject in found[1]] if found else None
