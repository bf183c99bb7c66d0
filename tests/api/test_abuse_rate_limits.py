"""Credential checks are rate-limited per account and per client address, across processes.

Defaults: 10 failed attempts per account and 50 per address in 15 minutes; a success
resets the account's counter and never uses up the address's budget.
"""

import hashlib
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session, sessionmaker

from app.auth import service as auth_service
from app.core import security
from app.core.config import Settings
from app.core.db import create_session_factory
from app.core.rate_counters import REDIS_PREFIX, DatabaseCounterStore, Limit, RedisCounterStore
from app.core.ratelimit import Attempt, credential_limiter
from app.main import create_app
from app.models import RateLimitCounter, User
from app.models.base import utcnow
from app.web.client import in_process_transport
from tests.factories import PASSWORD, Caller, _password_hash, created, make_user

TOKEN_URL = "/api/v1/auth/token"
INVITE_URL = "/api/v1/auth/accept-invite"
PROBLEM = "application/problem+json"
REDIS_URL = os.environ.get("TROUPE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


WRONG = "wrong password"


def sign_in(client: TestClient, email: str, password: str = WRONG) -> httpx.Response:
    response: httpx.Response = client.post(
        TOKEN_URL, data={"username": email, "password": password}
    )
    return response


def from_address(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 50000))


def assert_too_many(response: httpx.Response) -> int:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/too-many-requests")
    seconds = int(response.headers["Retry-After"])
    assert 1 <= seconds <= 15 * 60
    assert body["retry_after"] == seconds
    return seconds


def redis_int(answer: object) -> int:
    """A counter or TTL as the synchronous Redis client answers it (redis-py types every
    answer as possibly awaitable)."""
    assert isinstance(answer, bytes | str | int), answer
    return int(answer)


def new_user(session: Session) -> User:
    user = make_user(session, email=f"{uuid.uuid4().hex[:12]}@example.com")
    session.commit()
    return user


def test_defaults_are_ten_per_account_and_fifty_per_address_in_fifteen_minutes() -> None:
    settings = Settings(_env_file=None)

    assert settings.signin_attempts_per_account == 10
    assert settings.signin_attempts_per_address == 50
    assert settings.signin_window_seconds == 15 * 60
    assert settings.redis_url is None


def test_eleventh_failed_sign_in_of_an_account_is_refused_with_retry_after(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    victim, bystander = new_user(session), new_user(session)

    failures = [sign_in(client, victim.email) for _ in range(10)]
    refused = sign_in(client, victim.email)
    with_the_right_password = sign_in(client, victim.email, PASSWORD)

    assert [r.status_code for r in failures] == [401] * 10
    assert_too_many(refused)
    assert_too_many(with_the_right_password)  # the password is not even checked
    elsewhere = from_address(app, "198.51.100.7")
    assert sign_in(elsewhere, bystander.email, PASSWORD).status_code == 200
    assert_too_many(sign_in(elsewhere, victim.email, PASSWORD))  # the account is limited


def test_unknown_email_is_limited_exactly_like_a_known_one(
    client: TestClient, session: Session
) -> None:
    known = new_user(session).email
    unknown = f"{uuid.uuid4().hex[:12]}@example.com"

    answers = {email: [sign_in(client, email) for _ in range(11)] for email in (known, unknown)}

    for responses in answers.values():
        assert [r.status_code for r in responses] == [401] * 10 + [429]
    assert answers[known][0].json() == answers[unknown][0].json()
    assert answers[known][10].json()["type"] == answers[unknown][10].json()["type"]


def test_an_unknown_email_costs_a_password_hash_like_a_known_one(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified: list[str | None] = []
    real_verify = security.verify_password

    def spy(password: str, password_hash: str | None) -> bool:
        verified.append(password_hash)
        return real_verify(password, password_hash)

    monkeypatch.setattr(auth_service, "verify_password", spy)

    assert sign_in(client, "nobody-at-all@example.com").status_code == 401
    assert verified == [None]  # verify_password(…, None) checks against a dummy hash


def test_a_failed_attempt_still_counts_although_its_transaction_rolls_back(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    user = new_user(session)

    assert sign_in(client, user.email).status_code == 401

    key = credential_limiter(app).account_key(Attempt(user.email, "testclient"))
    counter = session.get_one(RateLimitCounter, key)
    session.refresh(counter)
    assert counter.attempts == 1
    assert counter.expires_at > utcnow() + timedelta(minutes=14)
    stored = session.scalars(select(RateLimitCounter.key)).all()
    assert not [k for k in stored if user.email in k or "testclient" in k]  # digests only


def test_a_success_resets_the_account_counter(client: TestClient, session: Session) -> None:
    user = new_user(session)

    before = [sign_in(client, user.email) for _ in range(9)]
    success = sign_in(client, user.email, PASSWORD)
    after = [sign_in(client, user.email) for _ in range(11)]

    assert [r.status_code for r in before] == [401] * 9
    assert success.status_code == 200
    assert [r.status_code for r in after] == [401] * 10 + [429]


def test_an_address_is_limited_and_successes_do_not_use_it_up(
    make_app: Callable[..., FastAPI], session: Session
) -> None:
    app = make_app(signin_attempts_per_address=5)
    user = new_user(session)
    address = from_address(app, "203.0.113.5")

    def stranger() -> str:
        return f"{uuid.uuid4().hex[:12]}@example.com"

    first = [sign_in(address, stranger()) for _ in range(4)]
    successes = [sign_in(address, user.email, PASSWORD) for _ in range(6)]
    fifth = sign_in(address, stranger())
    sixth = sign_in(address, stranger())

    assert [r.status_code for r in first] == [401] * 4
    assert [r.status_code for r in successes] == [200] * 6
    assert fifth.status_code == 401
    assert_too_many(sixth)
    assert_too_many(sign_in(address, user.email, PASSWORD))  # a valid account buys nothing
    assert sign_in(from_address(app, "203.0.113.6"), user.email, PASSWORD).status_code == 200


def test_in_process_calls_of_the_web_front_end_count_per_browser(
    make_app: Callable[..., FastAPI],
) -> None:
    """The front end signs in through its in-process transport (127.0.0.1): each browser still
    has a budget of its own, and one browser cannot lock every other out."""
    app = make_app(signin_attempts_per_address=2)

    async def sign_in_page(email: str) -> dict[str, int]:
        transport = in_process_transport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as api:
            answer = await api.post(TOKEN_URL, data={"username": email, "password": WRONG})
        return {"status": answer.status_code}

    app.add_api_route("/sign-in-page-for-test", sign_in_page, methods=["POST"])

    def via_page(browser: TestClient) -> int:
        email = f"{uuid.uuid4().hex[:12]}@example.com"
        return int(browser.post("/sign-in-page-for-test", params={"email": email}).json()["status"])

    first, second = from_address(app, "198.51.100.20"), from_address(app, "198.51.100.21")

    assert [via_page(first) for _ in range(3)] == [401, 401, 429]
    assert via_page(second) == 401


def test_invalid_forms_are_not_counted(app: FastAPI, client: TestClient, session: Session) -> None:
    user = new_user(session)

    no_password = [client.post(TOKEN_URL, data={"username": user.email}) for _ in range(12)]
    no_username = [client.post(TOKEN_URL, data={"password": "x"}) for _ in range(12)]

    assert {r.status_code for r in no_password + no_username} == {422}
    limiter = credential_limiter(app)
    attempt = Attempt(user.email, "testclient")
    keys = [limiter.account_key(attempt), limiter.address_key(attempt)]
    counted = session.scalars(
        select(RateLimitCounter.attempts).where(RateLimitCounter.key.in_(keys))
    ).all()
    assert set(counted) <= {0}
    assert sign_in(client, user.email, PASSWORD).status_code == 200


def test_accepting_an_invite_shares_the_account_limit_with_sign_in(
    owner: Caller, outsider: Caller, client: TestClient
) -> None:
    email = outsider.get("/api/v1/users/me").json()["email"]
    invite = created(owner.post("invites", json={"email": email, "access": "viewer"}))

    def accept(password: str) -> httpx.Response:
        response: httpx.Response = client.post(
            INVITE_URL, json={"token": invite["token"], "password": password}
        )
        return response

    wrong = [accept("not their password") for _ in range(10)]
    right = accept(PASSWORD)

    assert [r.status_code for r in wrong] == [403] * 10
    assert_too_many(right)
    assert_too_many(sign_in(client, email, PASSWORD))


def test_guessing_invite_tokens_is_limited_per_address(make_app: Callable[..., FastAPI]) -> None:
    guesser = from_address(make_app(signin_attempts_per_address=3), "203.0.113.9")

    guesses = [
        guesser.post(INVITE_URL, json={"token": f"inv_{uuid.uuid4().hex}", "password": "p" * 8})
        for _ in range(4)
    ]

    assert [r.status_code for r in guesses[:3]] == [404] * 3
    assert_too_many(guesses[3])


def test_changing_a_password_is_limited_per_account(owner: Caller) -> None:
    def change(current: str) -> httpx.Response:
        return owner.patch(
            "/api/v1/users/me",
            json={"current_password": current, "new_password": "a new passphrase"},
        )

    wrong = [change("not the password") for _ in range(10)]

    assert [r.status_code for r in wrong] == [422] * 10
    assert_too_many(change(PASSWORD))
    assert owner.patch("/api/v1/users/me", json={"display_name": "Still me"}).status_code == 200


def test_refusal_speaks_the_callers_language(client: TestClient, session: Session) -> None:
    user = new_user(session)
    for _ in range(10):
        sign_in(client, user.email)

    refused = client.post(
        TOKEN_URL,
        data={"username": user.email, "password": "x"},
        headers={"Accept-Language": "zh-CN"},
    )

    seconds = assert_too_many(refused)
    assert refused.json()["detail"] == f"尝试次数过多，请在 {seconds} 秒后重试。"


def test_the_window_ends_and_counting_starts_again(
    session_factory: sessionmaker[Session],
) -> None:
    now = [utcnow()]
    store = DatabaseCounterStore(session_factory, clock=lambda: now[0])
    limit = Limit(f"test:{uuid.uuid4().hex}", attempts=2, window_seconds=60)

    assert [store.hit([limit]), store.hit([limit])] == [None, None]
    now[0] += timedelta(seconds=15)
    assert store.hit([limit]) == 45  # refused, not counted: the window is not extended
    now[0] += timedelta(seconds=44)
    assert store.hit([limit]) == 1
    now[0] += timedelta(seconds=1)
    assert store.hit([limit]) is None  # a new window
    assert store.hit([limit]) is None
    store.give_back(limit.key)
    assert store.hit([limit]) is None
    assert store.hit([limit]) == 60
    store.reset(limit.key)
    assert store.hit([limit]) is None


def test_a_refused_key_does_not_count_on_the_other(
    session_factory: sessionmaker[Session],
) -> None:
    store = DatabaseCounterStore(session_factory)
    full = Limit(f"test:full:{uuid.uuid4().hex}", attempts=1, window_seconds=60)
    other = Limit(f"test:other:{uuid.uuid4().hex}", attempts=1, window_seconds=60)

    assert store.hit([full]) is None
    assert store.hit([full, other]) is not None
    assert store.hit([other]) is None  # the refused attempt left `other` untouched


# --- Across processes: separate engines on one database, and Redis -------------------------


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@pytest.fixture
def shared_user(engine: Engine) -> Iterator[str]:
    """A committed user: apps with engines of their own see it (no test transaction)."""
    email = f"shared-{uuid.uuid4().hex[:12]}@example.com"
    with Session(engine) as session:
        session.add(User(email=email, password_hash=_password_hash(), display_name="Shared"))
        session.commit()
    yield email
    keys = ["signin:account:" + digest(email), "signin:address:" + digest(HAMMER_ADDRESS)]
    with Session(engine) as session:
        session.execute(delete(User).where(User.email == email))
        session.execute(delete(RateLimitCounter).where(RateLimitCounter.key.in_(keys)))
        session.commit()


HAMMER_ADDRESS = "192.0.2.10"


def hammer(apps: list[FastAPI], email: str, *, threads_per_app: int, each: int) -> list[int]:
    """Failed sign-ins from many threads of several apps at once; their status codes."""
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(len(apps) * threads_per_app)

    def run(app: FastAPI) -> None:
        client = TestClient(app, client=(HAMMER_ADDRESS, 50000))
        start.wait()
        for _ in range(each):
            status = sign_in(client, email).status_code
            with lock:
                statuses.append(status)

    workers = [
        threading.Thread(target=run, args=(app,)) for app in apps for _ in range(threads_per_app)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses


def test_the_limit_holds_across_app_instances_sharing_the_database(
    database_url: str, shared_user: str
) -> None:
    apps = [create_app(Settings(database_url=database_url)) for _ in range(2)]
    try:
        statuses = hammer(apps, shared_user, threads_per_app=3, each=5)
    finally:
        for app in apps:
            app.state.engine.dispose()

    assert sorted(statuses) == [401] * 10 + [429] * 20


def redis_or_skip() -> Any:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {REDIS_URL} is unreachable ({exc}): Redis backend not tested")
    return client


@pytest.fixture
def redis_keys() -> Iterator[list[str]]:
    """Keys to delete from Redis after the test."""
    client = redis_or_skip()
    keys: list[str] = []
    yield keys
    if keys:
        client.delete(*keys)


def test_redis_backend_counts_across_app_instances(
    make_app: Callable[..., FastAPI],
    session: Session,
    session_factory: sessionmaker[Session],
    redis_keys: list[str],
) -> None:
    user, bystander = new_user(session), new_user(session)
    first, second = make_app(redis_url=REDIS_URL), make_app(redis_url=REDIS_URL)
    address = f"192.0.2.{uuid.uuid4().int % 200 + 20}"
    limiter = credential_limiter(first)
    store = limiter.store
    assert isinstance(store, RedisCounterStore)
    account, other = Attempt(user.email, address), Attempt(bystander.email, address)
    for key in (limiter.account_key(account), limiter.address_key(account)):
        redis_keys.append(REDIS_PREFIX + str(key))
    redis_keys.append(REDIS_PREFIX + str(limiter.account_key(other)))

    on_first = [sign_in(from_address(first, address), user.email) for _ in range(5)]
    on_second = [sign_in(from_address(second, address), user.email) for _ in range(5)]
    refused = sign_in(from_address(first, address), user.email, PASSWORD)

    assert [r.status_code for r in on_first + on_second] == [401] * 10
    assert_too_many(refused)
    assert redis_int(store.client.get(redis_keys[0])) == 10
    assert 0 < redis_int(store.client.ttl(redis_keys[0])) <= 15 * 60
    in_database = select(RateLimitCounter).where(RateLimitCounter.key.like("signin:%"))
    assert session.scalar(in_database) is None
    for _ in range(3):
        assert sign_in(from_address(second, address), bystander.email).status_code == 401
    assert redis_int(store.client.get(redis_keys[2])) == 3
    assert sign_in(from_address(second, address), bystander.email, PASSWORD).status_code == 200
    assert store.client.get(redis_keys[2]) is None  # a success resets the account


def test_an_unreachable_redis_is_a_503_not_a_500(make_app: Callable[..., FastAPI]) -> None:
    app = make_app(redis_url="redis://127.0.0.1:1/0")

    response = sign_in(TestClient(app), "anyone@example.com")

    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["Retry-After"]


def test_database_counters_use_their_own_transactions(engine: Engine) -> None:
    """Counting commits at once, even while another connection has a transaction open."""
    store = DatabaseCounterStore(create_session_factory(engine))
    key = f"test:{uuid.uuid4().hex}"
    try:
        assert store.hit([Limit(key, attempts=5, window_seconds=60)]) is None
        with Session(engine) as other:
            row = other.get_one(RateLimitCounter, key)
            assert row.attempts == 1
            assert isinstance(row.expires_at, datetime)
    finally:
        store.reset(key)
