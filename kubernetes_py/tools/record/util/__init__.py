"""k8s.io/client-go/tools/record/util: event type validation, event names, and the not-found test of sinks."""

from __future__ import annotations

import uuid
from typing import Optional

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.util.validation import validation

__all__ = ["generate_event_name", "is_key_not_found_error", "validate_event_type"]


def validate_event_type(eventtype: str) -> bool:
    """Whether ``eventtype`` is Normal or Warning."""
    return eventtype in (corev1.EventTypeNormal, corev1.EventTypeWarning)


def is_key_not_found_error(err: Optional[BaseException]) -> bool:
    """Whether ``err`` is a StatusError with code 404."""
    return isinstance(err, errors.StatusError) and err.status().code == 404


def generate_event_name(ref_name: str, unix_nano: int) -> str:
    """``<ref_name>.<unix_nano in hex>``, or a random UUID when that is not a valid DNS subdomain name."""
    name = f"{ref_name}.{unix_nano:x}"
    if validation.is_dns1123_subdomain(name):
        name = str(uuid.uuid4())
    return name
