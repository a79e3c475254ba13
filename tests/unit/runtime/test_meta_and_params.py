"""api.meta accessors and list helpers, DefaultUnstructuredConverter, ParameterCodec."""

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured, UnstructuredList
from kubernetes_py.kubernetes import scheme


def test_accessors_for_typed_and_unstructured_objects():
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="a"))
    assert meta.accessor(pod).get_name() == "a"
    assert meta.accessor(pod.metadata) is pod.metadata or meta.accessor(pod.metadata).get_name() == "a"
    assert meta.accessor(Unstructured({"metadata": {"name": "u"}})).get_name() == "u"
    with pytest.raises(meta.NotObjectError, match="^object does not implement the Object interfaces$"):
        meta.accessor(corev1.Container())
    lst = corev1.PodList(metadata=metav1.ListMeta(resourceVersion="7"))
    assert meta.list_accessor(lst).get_resource_version() == "7"
    with pytest.raises(meta.NotListError, match="^object does not implement the List interfaces$"):
        meta.list_accessor(pod)
    assert meta.common_accessor(lst).get_resource_version() == "7"
    with pytest.raises(meta.NotCommonError):
        meta.common_accessor(corev1.Container())
    t = meta.type_accessor(pod)
    t.set_api_version("v1")
    t.set_kind("Pod")
    assert (pod.apiVersion, pod.kind, t.get_api_version()) == ("v1", "Pod", "v1")


def test_list_helpers():
    lst = corev1.PodList(items=[corev1.Pod(metadata=metav1.ObjectMeta(name=n)) for n in "ab"])
    assert meta.is_list_type(lst) and not meta.is_list_type(corev1.Pod())
    assert meta.is_list_type(UnstructuredList()) and not meta.is_list_type(Unstructured({}))
    assert [p.metadata.name for p in meta.extract_list(lst)] == ["a", "b"]
    meta.each_list_item(lst, lambda p: setattr(p.metadata, "namespace", "ns"))
    assert [p.metadata.namespace for p in lst.items] == ["ns", "ns"]
    copies = meta.extract_list_with_alloc(lst)
    copies[0].metadata.name = "z"
    assert lst.items[0].metadata.name == "a"
    meta.set_list(lst, [corev1.Pod(metadata=metav1.ObjectMeta(name="c"))])
    assert meta.len_list(lst) == 1 and meta.len_list(corev1.Pod()) == 0
    with pytest.raises(TypeError, match=r"item\[0\]: can't assign or convert \*v1.Service into Pod"):
        meta.set_list(lst, [corev1.Service()])
    with pytest.raises(meta.NotAListError, match=r"^\*v1.Pod is not a list: no Items field in this object$"):
        meta.extract_list(corev1.Pod())
    raw_list = metav1.List() if hasattr(metav1, "List") else corev1.List()
    meta.set_list(raw_list, [corev1.Pod(metadata=metav1.ObjectMeta(name="r"))])
    (item,) = meta.extract_list(raw_list)
    assert item.raw.startswith(b'{"metadata":{"name":"r"}')


def test_default_unstructured_converter():
    dep = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}, "spec": {"nodeName": "n", "bogus": 1}}
    pod = corev1.Pod()
    runtime.DefaultUnstructuredConverter.from_unstructured(dep, pod)
    assert (pod.metadata.name, pod.spec.nodeName, pod.kind) == ("a", "n", "Pod")
    assert dep["spec"]["bogus"] == 1  # the input is not changed
    out = runtime.DefaultUnstructuredConverter.to_unstructured(pod)
    assert out == {
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": {"name": "a"},
        "spec": {"containers": None, "nodeName": "n"},
        "status": {},
    }
    with pytest.raises(runtime.StrictDecodingError, match='unknown field "spec.bogus"'):
        runtime.DefaultUnstructuredConverter.from_unstructured_with_validation(dep, corev1.Pod(), True)


def test_parameter_codec_follows_queryparams_rules():
    pc = scheme.ParameterCodec
    params = pc.encode_parameters(
        metav1.ListOptions(labelSelector="a=b", limit=500, timeoutSeconds=0, allowWatchBookmarks=False),
        corev1.SchemeGroupVersion,
    )
    assert params == {"labelSelector": ["a=b"], "timeoutSeconds": ["0"], "limit": ["500"]}
    params = pc.encode_parameters(
        metav1.DeleteOptions(preconditions=metav1.Preconditions(uid="u"), dryRun=["All"]), corev1.SchemeGroupVersion
    )
    assert params == {"uid": ["u"], "dryRun": ["All"]}
    params = pc.encode_parameters(
        corev1.PodLogOptions(container="c", sinceTime=metav1.Time(seconds=100)), corev1.SchemeGroupVersion
    )
    assert params == {"container": ["c"], "sinceTime": ["1970-01-01T00:01:40Z"]}
    into = metav1.ListOptions()
    pc.decode_parameters(
        {"labelSelector": ["x=y", "ignored"], "watch": ["0"], "limit": ["5"]}, corev1.SchemeGroupVersion, into
    )
    assert (into.labelSelector, into.watch, into.limit) == ("x=y", False, 5)
    with pytest.raises(runtime.NotRegisteredError):
        pc.encode_parameters(corev1.Container(), corev1.SchemeGroupVersion)
