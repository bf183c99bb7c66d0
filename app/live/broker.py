"""The process's broker: committed activity ids, handed to the event streams listening.

Each open stream subscribes to its workspace and gets a bounded queue. Ids arrive from
a thread (the committing request's on SQLite, the LISTEN connection's on PostgreSQL) and
are put on the subscribers' queues in their event loop. A queue that is full marks its
subscriber `overflowed` instead of growing: the stream then tells its client to resync.

Streams per user are capped per process (`MAX_STREAMS_PER_USER`): a subscription is a
lease, released when the stream ends however it ends.
"""

import asyncio
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.core.errors import DomainError
from app.core.i18n import N_

MAX_STREAMS_PER_USER = 5
QUEUE_SIZE = 256
WAKE_UP = uuid.UUID(int=0)


class TooManyStreams(DomainError):
    status_code = 429
    problem_type = "too-many-streams"
    title = N_("Too many event streams")


@dataclass(eq=False)
class Subscription:
    workspace_id: uuid.UUID
    user_id: uuid.UUID
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[uuid.UUID] = field(
        default_factory=lambda: asyncio.Queue(maxsize=QUEUE_SIZE)
    )
    overflowed: bool = False

    def offer(self, activity_id: uuid.UUID) -> None:
        """Queue one id (in the subscriber's loop); on a full queue, mark for a resync."""
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(activity_id)
        except asyncio.QueueFull:
            self.fall_behind()

    def fall_behind(self) -> None:
        """Forget what is queued and wake the stream, which tells its client to resync."""
        self.overflowed = True
        self.drain()
        self.queue.put_nowait(WAKE_UP)

    def drain(self) -> list[uuid.UUID]:
        ids: list[uuid.UUID] = []
        while not self.queue.empty():
            ids.append(self.queue.get_nowait())
        return ids


class Broker:
    def __init__(
        self, *, max_streams_per_user: int = MAX_STREAMS_PER_USER, queue_size: int = QUEUE_SIZE
    ) -> None:
        self.max_streams_per_user = max_streams_per_user
        self.queue_size = queue_size
        self._lock = threading.Lock()
        self._by_workspace: dict[uuid.UUID, set[Subscription]] = defaultdict(set)
        self._per_user: dict[uuid.UUID, int] = defaultdict(int)

    def subscribe(self, *, workspace_id: uuid.UUID, user_id: uuid.UUID) -> Subscription:
        """A new subscription in the running loop, or `TooManyStreams`."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._per_user[user_id] >= self.max_streams_per_user:
                raise TooManyStreams(
                    N_("You have {count} event streams open already; close one first."),
                    params={"count": self._per_user[user_id]},
                )
            subscription = Subscription(
                workspace_id=workspace_id,
                user_id=user_id,
                loop=loop,
                queue=asyncio.Queue(maxsize=self.queue_size),
            )
            self._per_user[user_id] += 1
            self._by_workspace[workspace_id].add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            subscribers = self._by_workspace.get(subscription.workspace_id)
            if subscribers is None or subscription not in subscribers:
                return
            subscribers.discard(subscription)
            if not subscribers:
                del self._by_workspace[subscription.workspace_id]
            self._per_user[subscription.user_id] -= 1
            if self._per_user[subscription.user_id] <= 0:
                del self._per_user[subscription.user_id]

    def publish(self, events: Iterable[tuple[uuid.UUID, uuid.UUID]]) -> None:
        """Hand `(workspace_id, activity_id)` pairs to their subscribers (any thread)."""
        with self._lock:
            targets = [
                (subscription, activity_id)
                for workspace_id, activity_id in events
                for subscription in self._by_workspace.get(workspace_id, ())
            ]
        for subscription, activity_id in targets:
            try:
                subscription.loop.call_soon_threadsafe(subscription.offer, activity_id)
            except RuntimeError:  # its loop has closed: the stream is gone
                self.unsubscribe(subscription)

    def resync_all(self) -> None:
        """Tell every stream it may have missed events (the listener reconnected)."""
        with self._lock:
            everyone = [s for subs in self._by_workspace.values() for s in subs]
        for subscription in everyone:
            try:
                subscription.loop.call_soon_threadsafe(subscription.fall_behind)
            except RuntimeError:
                self.unsubscribe(subscription)

    @property
    def subscriber_count(self) -> int:
        with self._lock:
            return sum(len(subscribers) for subscribers in self._by_workspace.values())

    def has_subscribers(self) -> bool:
        with self._lock:
            return bool(self._by_workspace)


BROKER = Broker()
