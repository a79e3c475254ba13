"""Feature gates of client-go (features.go and envvar.go)."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from typing import Optional, Protocol

from kubernetes_py.apimachinery.util import runtime as _utilruntime

_log = logging.getLogger(__name__)

Feature = str

Alpha = "ALPHA"
Beta = "BETA"
GA = ""
Deprecated = "DEPRECATED"


@dataclass(frozen=True)
class FeatureSpec:
    """A feature's default, whether it can be changed, and its maturity."""

    default: bool = False
    lock_to_default: bool = False
    pre_release: str = ""


class Gates(Protocol):
    """Tells whether a feature is on."""

    def enabled(self, key: Feature) -> bool: ...


_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def _parse_bool(value: str) -> bool:
    # Go's strconv.ParseBool
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f'strconv.ParseBool: parsing "{value}": invalid syntax')


class _EnvVarFeatureGates:
    """Gates read from ``KUBE_FEATURE_<name>`` once, overridable with ``set``."""

    def __init__(self, known: dict[Feature, FeatureSpec]):
        self._known = dict(known)
        self._lock = threading.Lock()
        self._from_env: Optional[dict[Feature, bool]] = None
        self._from_set: dict[Feature, bool] = {}

    def enabled(self, key: Feature) -> bool:
        env = self._env()
        with self._lock:
            if key in self._from_set:
                return self._from_set[key]
        if key in env:
            return env[key]
        if key in self._known:
            return self._known[key].default
        raise KeyError(f'feature "{key}" is not registered in FeatureGates')

    def set(self, feature: Feature, value: bool) -> None:
        self._set(feature, value, False)

    def set_for_testing(self, feature: Feature, value: bool) -> None:
        self._set(feature, value, True)

    def _set(self, feature: Feature, value: bool, allow_locked: bool) -> None:
        spec = self._known.get(feature)
        if spec is None:
            raise KeyError(f'feature "{feature}" is not registered in FeatureGates')
        if not allow_locked and spec.lock_to_default and spec.default != value:
            raise ValueError(
                f'cannot set feature gate "{feature}" to {str(value).lower()}, '
                f"feature is locked to {str(spec.default).lower()}"
            )
        with self._lock:
            self._from_set[feature] = value

    def unset_for_testing(self, feature: Feature) -> None:
        with self._lock:
            self._from_set.pop(feature, None)

    def has_already_read_env_var(self) -> bool:
        with self._lock:
            return self._from_env is not None

    def _env(self) -> dict[Feature, bool]:
        with self._lock:
            if self._from_env is not None:
                return self._from_env
            state: dict[Feature, bool] = {}
            for feature, spec in self._known.items():
                raw = os.environ.get(f"KUBE_FEATURE_{feature}")
                if raw is None:
                    continue
                try:
                    value = _parse_bool(raw)
                except ValueError as err:
                    _utilruntime.handle_error_with_context(
                        None, err, "Could not set feature gate", "feature", feature, "desiredState", raw
                    )
                    continue
                if spec.lock_to_default and value != spec.default:
                    _utilruntime.handle_error_with_context(
                        None,
                        None,
                        "Could not set feature gate, feature is locked",
                        "feature",
                        feature,
                        "desiredState",
                        raw,
                        "lockedState",
                        spec.default,
                    )
                    continue
                state[feature] = value
            for feature, spec in self._known.items():
                _log.debug(
                    "Feature gate %s state feature=%s enabled=%s",
                    "updated" if feature in state else "default",
                    feature,
                    state.get(feature, spec.default),
                )
            self._from_env = state
            return state


_gates_lock = threading.Lock()
_gates: Optional[Gates] = None


def feature_gates() -> Gates:
    """The gates client-go consults (Go's FeatureGates())."""
    global _gates
    with _gates_lock:
        if _gates is None:
            from .known_features import default_kubernetes_feature_gates

            _gates = _EnvVarFeatureGates(default_kubernetes_feature_gates)
        return _gates


def replace_feature_gates(new_feature_gates: Gates) -> None:
    """Use other gates from now on (a warning is logged when the default ones were already consulted)."""
    global _gates
    current = feature_gates()
    if isinstance(current, _EnvVarFeatureGates) and current.has_already_read_env_var():
        _utilruntime.handle_error_with_context(
            None,
            None,
            "The default feature gates implementation has already been used and now it's being "
            "overwritten. This might lead to unexpected behaviour. Check your initialization order.",
        )
    with _gates_lock:
        _gates = new_feature_gates
