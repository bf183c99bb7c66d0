"""The front end's only way to data: the public JSON API, through httpx.

In one process (`troupe serve`) requests go to the app itself through
`app.web.transport.InProcessTransport`; with `TROUPE_API_URL` set they go over HTTP to
another server.
"""

import asyncio
import re
from collections.abc import AsyncIterator, Coroutine, Mapping, Sequence
from typing import Any

import httpx

from app.web.transport import InProcessTransport

API_PREFIX = "/api/v1"
MAX_PAGES = 50
# A query parameter's value: empty ones (None, "") are left out; a sequence repeats it.
QueryValue = str | int | float | bool | Sequence[str] | None
# What would carry a value a page put in an API path out of its segment ("..", "?", "#").
_OUT_OF_SEGMENT = re.compile(r"(^|/)\.\.?(/|$)|[?#]")


class ApiError(Exception):
    """A problem+json answer from the API (or a failure to reach it)."""

    def __init__(self, status: int, problem: Mapping[str, Any]) -> None:
        self.status = status
        self.problem = dict(problem)
        super().__init__(f"{status} {self.problem.get('detail', '')}")

    @property
    def detail(self) -> str:
        return str(self.problem.get("detail") or self.problem.get("title") or "")

    @property
    def problem_type(self) -> str:
        return str(self.problem.get("type", "")).rsplit("/", 1)[-1]

    @property
    def field_errors(self) -> list[dict[str, Any]]:
        errors = self.problem.get("errors") or []
        return [e for e in errors if isinstance(e, dict)]


class NotSignedIn(ApiError):
    """The session's token is missing, expired or revoked."""


def in_process_transport(app: Any) -> httpx.AsyncBaseTransport:
    return InProcessTransport(app)


def create_http_client(
    *, base_url: str, transport: httpx.AsyncBaseTransport | None
) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, transport=transport, timeout=30.0)


class ApiClient:
    """One caller's view of the API: their token and language on every request."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        token: str | None,
        locale: str,
        forwarded: Mapping[str, str] | None = None,
        overlap: bool = True,
    ) -> None:
        self._http = http
        self._overlap = overlap
        self._headers = {
            "Accept-Language": locale,
            "Accept": "application/json",
            **(forwarded or {}),
        }
        if token:
            self._headers["Authorization"] = f"Bearer {token}"

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, Any] | None = None,
    ) -> httpx.Response:
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        try:
            response = await self._http.request(
                method,
                api_url(path),
                params=clean,
                json=json,
                data=data,
                files=files,
                headers={**self._headers, **(headers or {})},
            )
        except httpx.HTTPError as exc:
            raise ApiError(503, {"title": "API unreachable", "detail": str(exc)}) from exc
        if response.status_code >= 400:
            raise _error(response)
        return response

    async def get(self, path: str, **params: QueryValue) -> Any:
        return (await self.request("GET", path, params=params)).json()

    async def get_with_etag(self, path: str) -> tuple[Any, str]:
        """One object and its ETag, to send back as If-Match when saving a form."""
        response = await self.request("GET", path)
        return response.json(), response.headers.get("ETag", "")

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        response = await self.request("POST", path, json=json, **kwargs)
        return response.json() if response.content else None

    async def patch(self, path: str, json: Any, *, if_match: str | None = None) -> Any:
        headers = {"If-Match": if_match} if if_match else None
        return (await self.request("PATCH", path, json=json, headers=headers)).json()

    async def delete(self, path: str) -> None:
        await self.request("DELETE", path)

    async def gather(
        self, *calls: Coroutine[Any, Any, Any], return_exceptions: bool = False
    ) -> list[Any]:
        """Several calls at once (a page waits for the slowest, not for their sum); one
        after another when the API's requests share one database connection (tests).
        With `return_exceptions`, a failed call's exception takes its place."""
        if self._overlap:
            return list(await asyncio.gather(*calls, return_exceptions=return_exceptions))
        results: list[Any] = []
        for index, call in enumerate(calls):
            try:
                results.append(await call)
            except Exception as failed:
                if not return_exceptions:
                    for left in calls[index + 1 :]:
                        left.close()
                    raise
                results.append(failed)
        return results

    def using(self, http: httpx.AsyncClient) -> "ApiClient":
        """The same caller through another HTTP client (e.g. one that streams in-process)."""
        other = ApiClient(http, token=None, locale="", overlap=self._overlap)
        other._headers = dict(self._headers)
        return other

    async def download(
        self,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, QueryValue] | None = None,
    ) -> tuple[AsyncIterator[bytes], httpx.Headers]:
        """A streamed answer (an export, an event stream): its body, chunk by chunk, and
        its headers."""
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        request = self._http.build_request(
            "GET", api_url(path), params=clean, headers={**self._headers, **(headers or {})}
        )
        try:
            response = await self._http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise ApiError(503, {"title": "API unreachable", "detail": str(exc)}) from exc
        if response.status_code >= 400:
            await response.aread()
            await response.aclose()
            raise _error(response)

        async def body() -> AsyncIterator[bytes]:
            try:
                async for chunk in response.aiter_bytes():
                    yield chunk
            finally:
                await response.aclose()

        return body(), response.headers

    async def all_items(self, path: str, **params: QueryValue) -> list[dict[str, Any]]:
        """Every item of a paged list (bounded, for screens that show a whole list)."""
        items: list[dict[str, Any]] = []
        cursor = None
        for _ in range(MAX_PAGES):
            page = await self.get(path, limit=200, cursor=cursor, **params)
            items.extend(page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                break
        return items


def api_url(path: str) -> str:
    """The API address of `path`; a 404 without asking when a value in it (an id from a
    link typed by hand, say "..") would leave its segment and name another resource."""
    if _OUT_OF_SEGMENT.search(path):
        raise ApiError(404, {"title": "Not found", "detail": "No such address."})
    return API_PREFIX + path


def _error(response: httpx.Response) -> ApiError:
    try:
        problem = response.json()
    except ValueError:
        problem = {"title": response.reason_phrase, "detail": response.text[:200]}
    if not isinstance(problem, dict):
        problem = {"detail": str(problem)}
    cls = NotSignedIn if response.status_code == 401 else ApiError
    return cls(response.status_code, problem)
