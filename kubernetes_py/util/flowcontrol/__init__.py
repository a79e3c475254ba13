"""client-go util/flowcontrol: token-bucket rate limiters and per-key exponential back-off."""

from __future__ import annotations

from .backoff import (
    Backoff,
    new_back_off,
    new_back_off_with_jitter,
    new_fake_back_off,
    new_fake_back_off_with_jitter,
)
from .clock import Clock, FakeClock, RealClock
from .throttle import (
    PassiveRateLimiter,
    RateLimiter,
    RateLimiterWaitError,
    new_fake_always_rate_limiter,
    new_fake_never_rate_limiter,
    new_token_bucket_passive_rate_limiter,
    new_token_bucket_passive_rate_limiter_with_clock,
    new_token_bucket_rate_limiter,
    new_token_bucket_rate_limiter_with_clock,
)

__all__ = [
    "Backoff",
    "Clock",
    "FakeClock",
    "PassiveRateLimiter",
    "RateLimiter",
    "RateLimiterWaitError",
    "RealClock",
    "new_back_off",
    "new_back_off_with_jitter",
    "new_fake_always_rate_limiter",
    "new_fake_back_off",
    "new_fake_back_off_with_jitter",
    "new_fake_never_rate_limiter",
    "new_token_bucket_passive_rate_limiter",
    "new_token_bucket_passive_rate_limiter_with_clock",
    "new_token_bucket_rate_limiter",
    "new_token_bucket_rate_limiter_with_clock",
]
