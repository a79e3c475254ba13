"""Port of k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset/scheme: the scheme of the apiextensions
clientset (apiextensions.k8s.io v1 and v1beta1 plus meta/v1's option kinds), its codecs and parameter codec."""

from __future__ import annotations

from kubernetes_py.apiextensions_apiserver.apis.apiextensions import v1 as apiextensionsv1
from kubernetes_py.apiextensions_apiserver.apis.apiextensions import v1beta1 as apiextensionsv1beta1
from kubernetes_py.apimachinery.apis.meta.v1 import generated as _metav1
from kubernetes_py.apimachinery.runtime import Scheme as _Scheme
from kubernetes_py.apimachinery.runtime import new_scheme
from kubernetes_py.apimachinery.runtime.parameter_codec import new_parameter_codec
from kubernetes_py.apimachinery.runtime.schema import GroupVersion
from kubernetes_py.apimachinery.runtime.serializer import new_codec_factory


def add_to_scheme(scheme: _Scheme) -> None:
    """Register the group versions of this clientset with another scheme (Go's AddToScheme), e.g. client-go's."""
    apiextensionsv1.add_to_scheme(scheme)
    apiextensionsv1beta1.add_to_scheme(scheme)


Scheme = new_scheme("k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset/scheme/register.go:33")
Codecs = new_codec_factory(Scheme)
_metav1.add_to_group_version(Scheme, GroupVersion(group="", version="v1"))
add_to_scheme(Scheme)
ParameterCodec = new_parameter_codec(Scheme)

__all__ = ["Codecs", "ParameterCodec", "Scheme", "add_to_scheme"]
