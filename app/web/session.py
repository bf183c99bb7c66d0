"""The browser session: a signed, HttpOnly, SameSite=Lax cookie.

It carries the user's API token, a CSRF secret, the chosen language, one-shot
flash messages and a just-made secret shown once (post/redirect/get). Signing
(itsdangerous) makes it tamper-proof; it holds nothing the user could not already see.
"""

import secrets
from dataclasses import dataclass, field
from typing import TypedDict

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "troupe_session"
MAX_AGE = 60 * 60 * 24 * 30


class SessionCookie(TypedDict):
    """What the signed cookie holds (signed by us: read back as written)."""

    csrf: str
    token: str | None
    locale: str | None
    flash: list[str]
    reveal: dict[str, str]


@dataclass
class WebSession:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    token: str | None = None
    locale: str | None = None
    flash: list[str] = field(default_factory=list)
    reveal: dict[str, str] = field(default_factory=dict)
    changed: bool = False

    def sign_in(self, token: str, locale: str) -> None:
        self.token, self.locale = token, locale
        self.csrf = secrets.token_urlsafe(24)  # a new session gets a new CSRF secret
        self.changed = True

    def sign_out(self) -> None:
        self.token = None
        self.csrf = secrets.token_urlsafe(24)
        self.changed = True

    def set_locale(self, locale: str) -> None:
        self.locale = locale
        self.changed = True

    def add_flash(self, message: str) -> None:
        self.flash.append(message)
        self.changed = True

    def show_once(self, **secret: str) -> None:
        """Keep a just-made secret (a token, an invite link) for the next page only."""
        self.reveal = dict(secret)
        self.changed = True

    def pop_reveal(self) -> dict[str, str]:
        secret, self.reveal = self.reveal, {}
        if secret:
            self.changed = True
        return secret

    def pop_flash(self) -> list[str]:
        messages, self.flash = self.flash, []
        if messages:
            self.changed = True
        return messages


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="troupe.web.session")


def load_session(request: Request, secret_key: str) -> WebSession:
    raw = request.cookies.get(COOKIE)
    if raw:
        try:
            data: SessionCookie = _serializer(secret_key).loads(raw, max_age=MAX_AGE)
            return WebSession(
                csrf=str(data["csrf"]),
                token=data.get("token"),
                locale=data.get("locale"),
                flash=list(data.get("flash", [])),
                reveal=dict(data.get("reveal", {})),
            )
        except (BadSignature, KeyError, TypeError, ValueError):
            pass
    return WebSession(changed=True)


def save_session(
    request: Request, response: Response, session: WebSession, secret_key: str
) -> None:
    if not session.changed:
        return
    payload: SessionCookie = {
        "csrf": session.csrf,
        "token": session.token,
        "locale": session.locale,
        "flash": session.flash,
        "reveal": session.reveal,
    }
    response.set_cookie(
        COOKIE,
        _serializer(secret_key).dumps(payload),
        max_age=MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
