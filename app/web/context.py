"""What every page handler gets: the session, an API client as the signed-in user,
the reader's language, and helpers to render, redirect and check CSRF."""

import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

import httpx
from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.config import Settings, get_settings
from app.core.i18n import locale_from_accept_language
from app.web.client import ApiClient, create_http_client, in_process_transport
from app.web.session import WebSession, load_session, save_session
from app.web.templating import render_template
from app.web.views.workspace import WorkspaceFrame

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class CsrfRejected(Exception):
    """An unsafe request without the session's CSRF token."""


async def close_http_client(app: FastAPI) -> None:
    """Close the app-wide client to the API, if a request made one (at shutdown)."""
    for name in ("api_http", "api_stream_http"):
        client: httpx.AsyncClient | None = getattr(app.state, name, None)
        if client is not None:
            setattr(app.state, name, None)
            await client.aclose()


def http_client(request: Request) -> httpx.AsyncClient:
    """The app-wide httpx client to the API (in-process unless TROUPE_API_URL is set)."""
    client: httpx.AsyncClient | None = getattr(request.app.state, "api_http", None)
    if client is None:
        settings: Settings = request.app.state.settings
        if settings.api_url:
            client = create_http_client(base_url=settings.api_url.rstrip("/"), transport=None)
        else:
            client = create_http_client(
                base_url="http://troupe.internal", transport=in_process_transport(request.app)
            )
        request.app.state.api_http = client
    return client


@dataclass
class Page:
    request: Request
    session: WebSession
    api: ApiClient
    locale: str
    settings: Settings

    @property
    def is_htmx(self) -> bool:
        return self.request.headers.get("HX-Request") == "true"

    def render(
        self,
        template: str,
        status_code: int = 200,
        *,
        frame: WorkspaceFrame | None = None,
        **context: object,
    ) -> HTMLResponse:
        """The page; a workspace page passes its `frame`, whose parts its templates read
        by name (`ws`, `workspaces`, `can`, `unread`)."""
        framing: dict[str, object] = {}
        if frame is not None:
            framing = {
                "ws": frame.ws,
                "workspaces": frame.workspaces,
                "can": frame.can,
                "unread": frame.unread,
            }
        html = render_template(
            template,
            self.locale,
            {
                "request": self.request,
                "csrf_token": self.session.csrf,
                "locale": self.locale,
                "signed_in": self.session.token is not None,
                "flash": self.session.pop_flash() if not self.is_htmx else [],
                "is_htmx": self.is_htmx,
                **framing,
                **context,
            },
        )
        response = HTMLResponse(html, status_code=status_code)
        self.finish(response)
        return response

    def redirect(self, url: str) -> Response:
        """See Other for plain forms; `HX-Redirect` for htmx requests."""
        response: Response
        if self.is_htmx:
            response = Response(status_code=204, headers={"HX-Redirect": url})
        else:
            response = RedirectResponse(url, status_code=303)
        self.finish(response)
        return response

    def finish(self, response: Response) -> None:
        """Save the session. Pages are never kept by the browser: Back after signing out
        must not show the workspace again, and a shown secret must not come back."""
        response.headers["Cache-Control"] = "no-store"
        save_session(self.request, response, self.session, self.settings.secret_key)


def build_page(request: Request) -> Page:
    settings: Settings = getattr(request.app.state, "settings", None) or get_settings()
    session = load_session(request, settings.secret_key)
    locale = session.locale or locale_from_accept_language(request.headers.get("accept-language"))
    api = ApiClient(
        http_client(request),
        token=session.token,
        locale=locale,
        forwarded=forwarded_headers(request),
        overlap=_calls_may_overlap(request, settings),
    )
    return Page(request, session, api, locale, settings)


def _calls_may_overlap(request: Request, settings: Settings) -> bool:
    """Whether a page may send its API calls at once: the app says so when it serves the
    API itself (not over one shared connection); an API elsewhere is a server of its own."""
    may_overlap = getattr(request.app.state, "api_calls_may_overlap", None)
    return bool(may_overlap()) if may_overlap is not None else bool(settings.api_url)


def forwarded_headers(request: Request) -> dict[str, str]:
    """Who the API call is really for, when the API is another server (rate limits, logs)."""
    headers = {}
    if request.client is not None:
        headers["X-Forwarded-For"] = request.client.host
    if request_id := request.headers.get("X-Request-ID"):
        headers["X-Request-ID"] = request_id
    return headers


async def current_page(request: Request) -> Page:
    """The page context; unsafe requests must carry the session's CSRF token."""
    page = build_page(request)
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        await _check_csrf(request, page.session)
    return page


async def _check_csrf(request: Request, session: WebSession) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not secrets.compare_digest(sent, session.csrf):
        raise CsrfRejected


PageDep = Annotated[Page, Depends(current_page)]


def sign_in_url(next_path: str) -> str:
    return f"/signin?next={quote(next_path, safe='/')}"
