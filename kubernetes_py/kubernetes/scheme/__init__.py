"""Port of k8s.io/client-go/kubernetes/scheme: the scheme of every built-in API group, its codecs
and parameter codec (``scheme.Scheme``, ``scheme.Codecs``, ``scheme.ParameterCodec``)."""

from __future__ import annotations

import importlib
from typing import Any

from kubernetes_py.apimachinery.runtime import new_scheme
from kubernetes_py.apimachinery.runtime.schema import GroupVersion
from kubernetes_py.apimachinery.runtime.serializer import new_codec_factory

# The group versions client-go's scheme registers (k8s.io/client-go/kubernetes/scheme/register.go),
# as Python modules; read from the generated schema so a new release needs no edit here.
_GO_PREFIX = "k8s.io/api/"


def _group_version_modules() -> list[str]:
    from kubernetes_py._schema import gotypes

    gt = gotypes.load()
    packages = sorted(
        {
            k.type.rsplit(".", 1)[0]
            for k in gt.scheme_kinds
            if k.type.startswith(_GO_PREFIX) and k.version != "__internal"
        }
    )
    return ["kubernetes_py.api." + p[len(_GO_PREFIX) :].replace("/", ".") for p in packages]


def add_to_scheme(scheme: Any) -> None:
    """Register every built-in group version (Go's AddToScheme of client-go's scheme package)."""
    for module in _group_version_modules():
        importlib.import_module(module).add_to_scheme(scheme)


Scheme = new_scheme("k8s.io/client-go/kubernetes/scheme/register.go:84")
Codecs = new_codec_factory(Scheme)
add_to_scheme(Scheme)
from kubernetes_py.apimachinery.apis.meta.v1 import generated as _metav1  # noqa: E402

_metav1.add_to_group_version(Scheme, GroupVersion(group="", version="v1"))


def __getattr__(name: str) -> Any:
    if name == "ParameterCodec":
        from kubernetes_py.apimachinery.runtime.parameter_codec import new_parameter_codec

        value = new_parameter_codec(Scheme)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Codecs", "ParameterCodec", "Scheme", "add_to_scheme"]
