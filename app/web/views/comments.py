"""What partials/comments.html shows of a subject's comments."""

from datetime import datetime

from app.web.views import View


class Reply(View):
    id: str
    author_name: str | None
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None


class Comment(Reply):
    """A comment with its replies (one level)."""

    replies: list[Reply]
