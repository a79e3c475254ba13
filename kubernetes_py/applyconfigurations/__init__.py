"""k8s.io/client-go/applyconfigurations: here only ``new_type_converter``, the structured-merge-diff type
converter for every built-in type (apply configurations themselves are typed API objects in this project:
see kubernetes_py.util.apply)."""

from __future__ import annotations

from typing import Any

from kubernetes_py.apimachinery.util import managedfields

from .internal import parser

__all__ = ["new_type_converter"]


def new_type_converter(scheme: Any) -> managedfields.TypeConverter:
    """A TypeConverter for the built-in types of ``scheme``, with the schema client-go carries for them."""
    return managedfields.new_scheme_type_converter(scheme, parser())
