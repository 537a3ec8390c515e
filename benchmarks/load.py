"""A small closed-loop load generator: N threads, each with its own HTTP connection.

Each thread sends one request, waits for the answer, records the latency and sends the next,
until the step's time is up or its share of the request budget is spent, so a step always
stops by itself. Only for loopback servers in the benchmark.

gunicorn's sync workers answer `Connection: close`; http.client then reconnects by itself on
the next request, so the connection is kept where the server allows it and re-opened where
it does not (that reconnect is part of the measured latency, as it is for a browser).
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


class Client:
    """What one thread sends: `next()` gives the request, `seen()` gets each answer."""

    def next(self) -> Request:  # pragma: no cover - interface
        raise NotImplementedError

    def seen(self, status: int, body: bytes) -> None:
        pass


class Fixed(Client):
    def __init__(self, request: Request):
        self.request = request

    def next(self) -> Request:
        return self.request


@dataclass
class StepResult:
    concurrency: int
    seconds: float
    latencies: list[float]       # seconds, of every answered request
    statuses: dict[int, int]
    exceptions: int
    first_problem: str = ""

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """Milliseconds, nearest-rank."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
        return ordered[index] * 1000

    def count(self, status: int) -> int:
        return self.statuses.get(status, 0)

    def errors(self, allowed: tuple[int, ...] = ()) -> int:
        """Exceptions and answers that are neither 2xx nor one of `allowed`."""
        bad = sum(n for code, n in self.statuses.items()
                  if not 200 <= code < 300 and code not in allowed)
        return bad + self.exceptions


def run_step(host: str, port: int, clients: list[Client], seconds: float,
             max_requests: int, timeout: float = 30.0) -> StepResult:
    """Drive every client in its own thread for at most `seconds` and `max_requests` in all."""
    concurrency = len(clients)
    quota = max(1, max_requests // concurrency)
    barrier = threading.Barrier(concurrency + 1)
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    problems: list[str] = []
    exceptions = [0]
    deadline = [0.0]

    def worker(client: Client) -> None:
        mine: list[float] = []
        codes: dict[int, int] = {}
        failed = 0
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        barrier.wait()
        try:
            for _ in range(quota):
                if time.perf_counter() >= deadline[0]:
                    break
                request = client.next()
                started = time.perf_counter()
                try:
                    conn.request(request.method, request.path, body=request.body,
                                 headers=request.headers)
                    response = conn.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as error:
                    failed += 1
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=timeout)
                    if not problems:
                        problems.append(f"{type(error).__name__}: {error}")
                    continue
                mine.append(time.perf_counter() - started)
                codes[response.status] = codes.get(response.status, 0) + 1
                if response.status >= 400 and response.status != 409 and not problems:
                    problems.append(f"HTTP {response.status} on {request.method} {request.path}: "
                                    f"{body[:200]!r}")
                client.seen(response.status, body)
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)
                for code, n in codes.items():
                    statuses[code] = statuses.get(code, 0) + n
                exceptions[0] += failed

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join(seconds + timeout + 5)
    elapsed = time.perf_counter() - started
    return StepResult(concurrency, elapsed, latencies, statuses, exceptions[0],
                      problems[0] if problems else "")


class Autosave(Client):
    """Saves one work again and again as its owner, keeping the version it was given."""

    def __init__(self, work_id: int, version: int, cookie: str, csrf: str,
                 fields: Callable[[int], dict[str, str]]):
        self.work_id, self.version, self.fields = work_id, version, fields
        self.headers = {"Cookie": cookie, "X-CSRFToken": csrf, "Accept": "application/json",
                        "Content-Type": "application/x-www-form-urlencoded"}
        self.sent = 0

    def next(self) -> Request:
        from urllib.parse import urlencode

        self.sent += 1
        form = {"version": str(self.version), **self.fields(self.sent)}
        return Request("POST", f"/works/{self.work_id}/autosave", urlencode(form).encode(),
                       self.headers)

    def seen(self, status: int, body: bytes) -> None:
        if status in (200, 409):
            with suppress(ValueError, KeyError, TypeError):
                self.version = int(json.loads(body)["version"])
