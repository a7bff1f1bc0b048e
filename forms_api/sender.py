"""Deliver what is due: by a background thread beside the web server, or `flask outbox send`."""

from __future__ import annotations

import email
import email.policy
import logging
import threading
from dataclasses import dataclass
from typing import Protocol

from .outbox import Outbox, now

log = logging.getLogger(__name__)


class Transport(Protocol):
    def send(
        self, raw: bytes, sender: str, recipient: str, ref: str, time_limit: float | None = None
    ) -> None: ...


@dataclass(frozen=True)
class Policy:
    max_attempts: int = 10
    retry_base_seconds: float = 30
    retry_max_seconds: float = 6 * 3600
    claim_seconds: float = 300
    spam_retention_days: int = 30
    dead_retention_days: int = 30

    def backoff(self, attempts: int) -> float | None:
        """Seconds to wait after the ``attempts``-th failure; None means give up (dead letter)."""
        if attempts >= self.max_attempts:
            return None
        return min(self.retry_base_seconds * 2 ** (attempts - 1), self.retry_max_seconds)

    @property
    def lease_margin(self) -> float:
        """How long before its lease ends a send is cut off: time left to record the result."""
        return min(30.0, self.claim_seconds / 4)


def deliver_due(
    outbox: Outbox, transport: Transport, policy: Policy, limit: int = 100
) -> dict[str, int]:
    """Send every due item once. Returns how many were sent and how many failed."""
    sent = failed = 0
    for _ in range(limit):
        item = outbox.claim(policy.claim_seconds)
        if item is None:
            break
        if item.message is None:  # cannot happen for a claimed item, but never send nothing
            outbox.mark_failed(item.ref, item.claim_token, "no message stored", retry_in=None)
            failed += 1
            continue
        parsed = email.message_from_bytes(item.message, policy=email.policy.SMTP)
        sender = parsed["From"].addresses[0].addr_spec
        # Finish (or fail) before the lease ends, or a second sender could send it meanwhile.
        lease_left = (item.claimed_until - now()).total_seconds() if item.claimed_until else 0.0
        time_limit = lease_left - policy.lease_margin
        try:
            transport.send(item.message, sender, item.recipient, item.ref, time_limit=time_limit)
        except Exception as exc:  # any failure: the item waits and is retried
            wait = policy.backoff(item.attempts)
            error = f"{type(exc).__name__}: {exc}"
            outbox.mark_failed(item.ref, item.claim_token, error, retry_in=wait)
            log.warning("outbox: %s failed (attempt %d): %s", item.ref, item.attempts, exc)
            failed += 1
            continue
        outbox.mark_sent(item.ref, item.claim_token)
        log.info("outbox: %s delivered to %s", item.ref, item.recipient)
        sent += 1
    outbox.purge_spam(policy.spam_retention_days)
    outbox.erase_dead(policy.dead_retention_days)
    outbox.expire_repeats()
    if outbox.scrub_pending:  # an earlier erasure could not empty the log; try again
        outbox.scrub()
    return {"sent": sent, "failed": failed}


class BackgroundSender:
    """A daemon thread that delivers due items; `wake()` makes it look at once."""

    def __init__(
        self, outbox_factory, transport: Transport, policy: Policy, poll_seconds: float
    ) -> None:
        self._outbox_factory = outbox_factory
        self._transport = transport
        self._policy = policy
        self._poll = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        outbox = self._outbox_factory()
        while not self._stop.is_set():
            try:
                deliver_due(outbox, self._transport, self._policy)
            except Exception:  # keep the thread alive; the next round tries again
                log.exception("outbox: delivery round failed")
            self._wake.wait(self._poll)
            self._wake.clear()
        outbox.close()
