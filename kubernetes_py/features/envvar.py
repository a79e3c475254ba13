"""client-go's default feature gates (envvar.go): features read from ``KUBE_FEATURE_<name>`` once, on first use.

Invariant: ``enabled_via_env_var`` is replaced whole, once, under ``_read_env_vars_once``; ``enabled_via_set_method``
changes only under ``_lock_enabled_via_set_method``. A value set with ``set``/``set_for_testing`` wins over the
environment, which wins over the default.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Dict, Mapping, Optional

from kubernetes_py.apimachinery.util import naming
from kubernetes_py.apimachinery.util import runtime as _utilruntime

from .features import Feature, FeatureSpec

__all__ = ["FeatureNotRegisteredError", "envVarFeatureGates", "new_env_var_feature_gates"]

_log = logging.getLogger(__name__)

# Files skipped when naming gates after the code that created them.
_INTERNAL_PACKAGES = ("kubernetes_py/features/envvar.py",)

_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


class FeatureNotRegisteredError(KeyError):
    """A feature the gates do not know was asked for (Go's Enabled panics with this error, Set returns it)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _parse_bool(value: str) -> bool:
    """Go's strconv.ParseBool."""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f'strconv.ParseBool: parsing "{value}": invalid syntax')


class envVarFeatureGates:  # noqa: N801 - client-go's (unexported) type name
    """Feature gates from ``KUBE_FEATURE_<name>`` variables, changeable with ``set``; see the module docstring."""

    def __init__(self, features: Optional[Mapping[Feature, FeatureSpec]] = None) -> None:
        self.call_site_name = naming.get_name_from_callsite(*_INTERNAL_PACKAGES)
        self.known: Dict[Feature, FeatureSpec] = dict(features or {})
        self.enabled_via_env_var: Dict[Feature, bool] = {}
        self.enabled_via_set_method: Dict[Feature, bool] = {}
        self._read_env_vars_once = threading.Lock()
        self._read_env_vars = False
        self._lock_enabled_via_set_method = threading.RLock()

    def enabled(self, key: Feature) -> bool:
        """Whether key is on; raises FeatureNotRegisteredError for a feature the gates do not know."""
        with self._lock_enabled_via_set_method:
            found = key in self.enabled_via_set_method
            value = self.enabled_via_set_method.get(key, False)
        if found:
            # the environment is read on the first call, whatever answers it
            self.get_enabled_map_from_env_var()
            return value
        from_env = self.get_enabled_map_from_env_var()
        if key in from_env:
            return from_env[key]
        spec = self.known.get(key)
        if spec is not None:
            return spec.default
        raise self._not_registered(key)

    def set(self, feature_name: Feature, feature_value: bool) -> None:
        """Set a feature (wins over its environment variable); a locked feature cannot change."""
        self._set(feature_name, feature_value, False)

    def set_for_testing(self, feature_name: Feature, feature_value: bool) -> None:
        """``set`` that can change locked features too, for tests."""
        self._set(feature_name, feature_value, True)

    def _set(self, feature_name: Feature, feature_value: bool, allow_changing_locked_features: bool) -> None:
        spec = self.known.get(feature_name)
        if spec is None:
            raise self._not_registered(feature_name)
        if not allow_changing_locked_features and spec.lock_to_default and spec.default != feature_value:
            raise ValueError(
                f'cannot set feature gate "{feature_name}" to {str(feature_value).lower()}, '
                f"feature is locked to {str(spec.default).lower()}"
            )
        with self._lock_enabled_via_set_method:
            self.enabled_via_set_method[feature_name] = feature_value

    def _not_registered(self, key: Feature) -> FeatureNotRegisteredError:
        return FeatureNotRegisteredError(f'feature "{key}" is not registered in FeatureGates "{self.call_site_name}"')

    def get_enabled_map_from_env_var(self) -> Dict[Feature, bool]:
        """The features set by environment variables, read on the first call only."""
        with self._read_env_vars_once:
            if not self._read_env_vars:
                self.enabled_via_env_var = self._read_env()
                self._read_env_vars = True
            return self.enabled_via_env_var

    def _read_env(self) -> Dict[Feature, bool]:
        state: Dict[Feature, bool] = {}
        for feature, spec in self.known.items():
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
        for feature, spec in self.known.items():
            _log.debug(
                "Feature gate %s state feature=%s enabled=%s",
                "updated" if feature in state else "default",
                feature,
                state.get(feature, spec.default),
            )
        return state

    def has_already_read_env_var(self) -> bool:
        with self._read_env_vars_once:
            return self._read_env_vars


def new_env_var_feature_gates(features: Optional[Mapping[Feature, FeatureSpec]] = None) -> envVarFeatureGates:
    """Gates knowing ``features``, named after the code that created them (Go's newEnvVarFeatureGates)."""
    return envVarFeatureGates(features)
