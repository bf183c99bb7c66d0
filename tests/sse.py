"""A Server-Sent Events client for tests: reads a stream in a thread, one event at a time."""

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

import httpx


@dataclass(frozen=True)
class Event:
    event: str
    data: str
    id: str | None
    retry: int | None = None


@dataclass
class EventStream:
    status_code: int
    headers: httpx.Headers
    events: "queue.Queue[Event]" = field(default_factory=queue.Queue)
    comments: list[str] = field(default_factory=list)
    connected: threading.Event = field(default_factory=threading.Event)
    retry: int | None = None

    def next(self, timeout: float = 10.0) -> Event:
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no event within {timeout} s") from None

    def next_of(self, event: str, timeout: float = 10.0) -> Event:
        """The next event of this type (skipping others)."""
        while True:
            found = self.next(timeout)
            if found.event == event:
                return found

    def nothing_within(self, seconds: float) -> bool:
        try:
            self.events.get(timeout=seconds)
        except queue.Empty:
            return True
        return False


def _parse(lines: Iterator[str], stream: EventStream) -> None:
    fields: dict[str, str] = {}
    for line in lines:
        if line == "":
            if "data" in fields or "event" in fields:
                stream.events.put(
                    Event(
                        event=fields.get("event", "message"),
                        data=fields.get("data", ""),
                        id=fields.get("id"),
                        retry=int(fields["retry"]) if "retry" in fields else None,
                    )
                )
            fields = {}
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "":
            stream.comments.append(value)
            stream.connected.set()
        elif name == "retry":
            stream.retry = int(value)
        else:
            fields[name] = value


@contextmanager
def open_stream(
    base_url: str, path: str, *, token: str, last_event_id: str | None = None
) -> Iterator[EventStream]:
    """Connect, wait for the server's first comment, read events until the block ends."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    client = httpx.Client(base_url=base_url, timeout=httpx.Timeout(60.0, read=None))
    request = client.build_request("GET", path, headers=headers)
    response = client.send(request, stream=True)
    stream = EventStream(status_code=response.status_code, headers=response.headers)
    if response.status_code != 200:
        response.read()
        response.close()
        client.close()
        yield stream
        return

    def read() -> None:
        with suppress(httpx.HTTPError):
            _parse(response.iter_lines(), stream)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert stream.connected.wait(30), "the stream sent nothing"
        yield stream
    finally:
        response.close()
        client.close()
        reader.join(timeout=0.2)  # it ends at the next heartbeat
