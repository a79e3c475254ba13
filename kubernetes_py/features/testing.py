"""Port of k8s.io/client-go/features/testing: switch a client-go feature for the length of a test."""

from __future__ import annotations

import contextlib
from typing import Iterator

from .features import Feature, feature_gates


@contextlib.contextmanager
def set_feature_during_test(feature: Feature, value: bool) -> Iterator[None]:
    """``with set_feature_during_test(WatchListClient, False):`` the feature has ``value`` inside the block and
    its previous state after it (locked features can be changed too, as Go's SetForTesting allows)."""
    gates = feature_gates()
    setter = getattr(gates, "set_for_testing", None) or getattr(gates, "set")
    was_set = getattr(gates, "_from_set", {}).get(feature)
    previous = gates.enabled(feature)
    setter(feature, value)
    try:
        yield
    finally:
        unset = getattr(gates, "unset_for_testing", None)
        if was_set is None and unset is not None:
            unset(feature)
        else:
            setter(feature, previous)
