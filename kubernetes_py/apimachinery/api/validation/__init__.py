"""k8s.io/apimachinery/pkg/api/validation (generic.go): the name validators of object names.

Each takes the name and whether it is a ``generateName`` prefix (a trailing dash is then allowed, as the server
appends random characters) and returns the error messages, empty when the name is valid.
"""

from __future__ import annotations

from typing import Callable, List

from kubernetes_py.apimachinery.util.validation import validation

__all__ = [
    "ValidateNameFunc",
    "name_is_dns1035_label",
    "name_is_dns_label",
    "name_is_dns_subdomain",
    "validate_namespace_name",
    "validate_service_account_name",
]

ValidateNameFunc = Callable[[str, bool], List[str]]


def _mask_trailing_dash(name: str) -> str:
    """A prefix's trailing dash is followed by generated characters: judge it as if it were a letter (Go replaces
    the last two characters by one "a")."""
    if len(name) > 1 and name.endswith("-"):
        return name[:-2] + "a"
    return name


def name_is_dns_subdomain(name: str, prefix: bool) -> List[str]:
    """Whether ``name`` is a DNS-1123 subdomain (lower-case, dots, at most 253 characters)."""
    if prefix:
        name = _mask_trailing_dash(name)
    return validation.is_dns1123_subdomain(name)


def name_is_dns_label(name: str, prefix: bool) -> List[str]:
    """Whether ``name`` is a DNS-1123 label (lower-case, no dots, at most 63 characters)."""
    if prefix:
        name = _mask_trailing_dash(name)
    return validation.is_dns1123_label(name)


def name_is_dns1035_label(name: str, prefix: bool) -> List[str]:
    """Whether ``name`` is a DNS-1035 label (a DNS-1123 label starting with a letter)."""
    if prefix:
        name = _mask_trailing_dash(name)
    return validation.is_dns1035_label(name)


validate_namespace_name: ValidateNameFunc = name_is_dns_label
validate_service_account_name: ValidateNameFunc = name_is_dns_subdomain
