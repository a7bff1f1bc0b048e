"""Whether the endpoint can accept a post: a real write, at most once every few seconds.

The public health check is for load balancers and monitors, so it must be cheap under any
traffic: the verdict is kept for FORMS_HEALTH_CHECK_SECONDS, every post that is stored (or
fails to be) updates it, and it says nothing about the outbox's contents.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .outbox import Outbox


class HealthCheck:
    def __init__(
        self, outbox: Outbox, interval: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._outbox = outbox
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._ok: bool | None = None
        self._at = 0.0

    def ok(self) -> bool:
        if self._ok is not None and self._clock() - self._at < self._interval:
            return self._ok
        # One check at a time; meanwhile the others get the last verdict.
        if not self._lock.acquire(blocking=self._ok is None):
            return bool(self._ok)
        try:
            if self._ok is None or self._clock() - self._at >= self._interval:
                self.record(self._outbox.writable())
            return bool(self._ok)
        finally:
            self._lock.release()

    def record(self, ok: bool) -> None:
        """What a post just learnt: stored (True) or not writable (False)."""
        self._ok = ok
        self._at = self._clock()
