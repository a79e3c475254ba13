"""Go names -> the Python names of DESIGN.md, and client-gen's plural rule."""

from __future__ import annotations

import re

# Kubernetes runs client-gen with --plural-exceptions "Endpoints:Endpoints".
PLURAL_EXCEPTIONS = {"Endpoints": "Endpoints"}

_VOWELS = set("aeiou")


def plural(singular: str) -> str:
    """The Go plural client-gen gives a type name: Pod -> Pods, Ingress -> Ingresses, NetworkPolicy ->
    NetworkPolicies."""
    if singular in PLURAL_EXCEPTIONS:
        return PLURAL_EXCEPTIONS[singular]
    if len(singular) < 2:
        return singular
    last, before = singular[-1], singular[-2]
    if last in "sxz":
        return singular + "es"
    if last == "y":
        return singular[:-1] + "ies" if before.lower() not in _VOWELS else singular + "s"
    if last == "h":
        return singular + "es" if before in "cs" else singular + "s"
    if last == "e" and before == "f":
        return singular[:-2] + "ves"
    if last == "f":
        return singular[:-1] + "ves"
    return singular + "s"


def snake(go_name: str) -> str:
    """snake_case of a Go identifier, acronyms kept whole: CSIDrivers -> csi_drivers, RESTClient -> rest_client."""
    s = re.sub(r"([A-Z]{2,})s(?=[A-Z_]|$)", r"\1S", go_name)  # an acronym's plural: ServiceCIDRs -> service_cidrs
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", s)
    return s.lower()


def lower_first(go_name: str) -> str:
    """Go's lowercase-first-rune namer: CSIDriver -> cSIDriver (only the first letter)."""
    return go_name[:1].lower() + go_name[1:]
