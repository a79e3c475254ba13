"""Port of k8s.io/client-go/features/testing: switch a client-go feature for the length of a test.

``with set_feature_during_test(features.WatchListClient, False):`` is Go's ``SetFeatureDuringTest(t, ...)``: the
feature has the value inside the block and its previous value after it. One test at a time may override a feature:
another test (by name; a subtest "parent/child" counts as its parent) trying to override it too gets an error.
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Callable, Dict, Iterator, List, Protocol, runtime_checkable

from .features import Feature, Gates, feature_gates

__all__ = ["TB", "set_feature_during_test", "set_feature_during_test_internal"]

_overridden_features_lock = threading.Lock()
_overridden_features: Dict[Feature, str] = {}


class TB(Protocol):
    """The part of Go's testing.TB this package needs: the test's name and a cleanup hook."""

    def name(self) -> str: ...

    def cleanup(self, fn: Callable[[], None]) -> None: ...


@runtime_checkable
class _featureGatesSetter(Protocol):  # noqa: N801 - client-go's name
    def enabled(self, key: Feature) -> bool: ...

    def set(self, feature: Feature, value: bool) -> None: ...


def set_feature_during_test_internal(tb: TB, feature: Feature, feature_value: bool) -> None:
    """Set ``feature`` for the test ``tb`` and restore its value in ``tb``'s cleanup.

    Raises TypeError when the current gates cannot be set, whatever their ``enabled`` raises for an unknown feature,
    and ValueError when another test overrides the feature already.
    """
    with _overridden_features_lock:
        gates: Gates = feature_gates()
        if not isinstance(gates, _featureGatesSetter):
            raise TypeError(
                f"clientfeatures.FeatureGates(): {_go_type_name(gates)} does not implement featureGatesSetter interface"
            )
        setter = gates
        original_feature_value = setter.enabled(feature)
        overriding_test_name = _overridden_features.get(feature)
        if overriding_test_name is not None and not _same_test_or_subtest(tb, overriding_test_name):
            raise ValueError(
                f'client-go feature "{feature}" is currently overridden by "{overriding_test_name}" test and '
                f'cannot be also modified by "{tb.name()}"'
            )

        def set_feature(value: bool) -> None:
            set_for_testing = getattr(setter, "set_for_testing", None)
            if callable(set_for_testing):
                set_for_testing(feature, value)
            else:
                setter.set(feature, value)

        set_feature(feature_value)
        _overridden_features[feature] = tb.name()

    def restore() -> None:
        with _overridden_features_lock:
            _overridden_features.pop(feature, None)
            set_feature(original_feature_value)

    tb.cleanup(restore)


class _BlockTB:
    """The test running a ``with`` block: named after pytest's current test, cleanups run when the block ends."""

    def __init__(self) -> None:
        self._cleanups: List[Callable[[], None]] = []

    def name(self) -> str:
        current = os.environ.get("PYTEST_CURRENT_TEST", "")
        return current.rsplit(" (", 1)[0] if current else ""

    def cleanup(self, fn: Callable[[], None]) -> None:
        self._cleanups.append(fn)

    def run_cleanups(self) -> None:
        while self._cleanups:
            self._cleanups.pop()()


@contextlib.contextmanager
def set_feature_during_test(feature: Feature, feature_value: bool) -> Iterator[None]:
    """``feature`` is ``feature_value`` inside the block, its previous value after it (locked features too)."""
    tb = _BlockTB()
    set_feature_during_test_internal(tb, feature, feature_value)
    try:
        yield
    finally:
        tb.run_cleanups()


def _same_test_or_subtest(tb: TB, test_name: str) -> bool:
    return tb.name() == test_name or tb.name().startswith(test_name + "/")


def _go_type_name(value: object) -> str:
    """Go's %T of a pointer to the value's type: "*package.Type"."""
    return f"*{type(value).__module__.rsplit('.', 1)[-1]}.{type(value).__qualname__}"
