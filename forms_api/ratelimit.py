"""Per-address limits on accepted posts, taken as one atomic step just before a post is stored.

Testing a limit before the view and counting the post after its answer (as a decorator does)
lets every post in flight through: with 8 threads, 20 posts at once got 12 accepted under
"5 per minute". Here a post takes its place in the window with one atomic operation of the
store (a lock in memory, a script in Redis), and only then is it stored, so however the posts
are timed, no more than the limit are accepted. Invalid answers (422) never get this far, so
a resident correcting errors is never counted.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .settings import ConfigError

NAMESPACE = "forms-accepted"


class RateLimit:
    """``5 per minute;30 per hour`` per address, in a moving window."""

    def __init__(
        self,
        spec: str,
        storage_uri: str,
        *,
        namespace: str = NAMESPACE,
        setting: str = "FORMS_RATE_LIMIT",
    ) -> None:
        self.namespace = namespace
        try:
            self.items: list[RateLimitItem] = parse_many(spec)
        except ValueError:
            raise ConfigError(
                f"{setting} must be limits such as '5 per minute;30 per hour', not {spec!r}"
            ) from None
        try:
            storage = storage_from_string(storage_uri)
        except Exception as error:  # limits raises several kinds for a bad or unusable URI
            raise ConfigError(
                f"FORMS_RATE_LIMIT_STORAGE {storage_uri!r} cannot be used: {error}"
            ) from None
        self.window = MovingWindowRateLimiter(storage)

    def take(self, address: str) -> int | None:
        """Count one accepted post for ``address``: None if it may be stored, else the seconds
        until it may try again. A post a later limit refuses still counts against the earlier
        ones, which errs towards refusing."""
        for item in self.items:
            if not self.window.hit(item, self.namespace, address):
                reset = self.window.get_window_stats(item, self.namespace, address).reset_time
                return max(1, math.ceil(reset - time.time()))
        return None
