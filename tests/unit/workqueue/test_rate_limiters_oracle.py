"""The rate limiters' delays, item by item, against client-go's (hack/oracle/cmd/workqueuebench sequences)."""

from __future__ import annotations

import json
import subprocess

import pytest

from kubernetes_py.util import workqueue

pytestmark = pytest.mark.differential


def _ns(seconds: float) -> int:
    return int(round(seconds * 1e9))


def test_delay_sequences_match_client_go(go_oracle):
    proc = subprocess.run(
        [str(go_oracle("workqueuebench")), "sequences"], capture_output=True, text=True, timeout=60, check=True
    )
    want = json.loads(proc.stdout)

    def when(limiter, *items):
        return [_ns(limiter.when(item)) for item in items]

    overflow = workqueue.new_typed_item_exponential_failure_rate_limiter(0.001, 1000.0)
    when(overflow, *["x"] * 1090)
    got = {
        "exponential": when(workqueue.new_typed_item_exponential_failure_rate_limiter(0.005, 1000.0), *["a"] * 40),
        "overflow": when(overflow, *["x"] * 20),
        "odd": when(workqueue.new_typed_item_exponential_failure_rate_limiter(0.0015 + 7e-9, 90.0), *["o"] * 40),
        "fast_slow": when(
            workqueue.new_typed_item_fast_slow_rate_limiter(0.005, 10.0, 3), "a", "a", "a", "a", "b", "a"
        ),
        "max_of": when(
            workqueue.new_typed_max_of_rate_limiter(
                workqueue.new_typed_item_fast_slow_rate_limiter(0.005, 3.0, 3),
                workqueue.new_typed_item_exponential_failure_rate_limiter(0.001, 1.0),
            ),
            *["a"] * 12,
        ),
        "max_wait": when(
            workqueue.new_typed_with_max_wait_rate_limiter(
                workqueue.new_typed_item_exponential_failure_rate_limiter(0.001, 1000.0), 0.1
            ),
            *["a"] * 12,
        ),
    }
    assert got == want
