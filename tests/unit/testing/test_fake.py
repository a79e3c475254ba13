"""Fake's reactor chains and recorded actions (client-go testing/fake_test.go), and the action types."""

from __future__ import annotations

import pytest

from kubernetes_py import testing
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import labels, types
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery.watch import watch

PODS = GroupVersionResource("", "v1", "pods")


def _obj() -> unstructured.Unstructured:
    return unstructured.Unstructured(
        {
            "kind": "test_kind",
            "apiVersion": "test_version",
            "metadata": {"name": "test_name", "namespace": "test_namespace"},
        }
    )


def test_original_object_captured():
    def reaction(action):
        action.object.set_self_link("some-value")
        return True, action.object

    f = testing.Fake()
    f.add_reactor("", "", reaction)
    ret = f.invokes(testing.CreateActionImpl(object=_obj()), None)
    assert ret.get_self_link() == "some-value"
    assert len(f.actions()) == 1
    assert f.actions()[0].object.get_self_link() == ""


def test_reactor_changes_persisted_along_the_chain():
    seen = []

    def first(action):
        action.object.set_self_link("some-value")
        return False, action.object

    def second(action):
        seen.append(action.object.get_self_link())
        return True, action.object

    f = testing.Fake()
    f.add_reactor("", "", first)
    f.add_reactor("", "", second)
    ret = f.invokes(testing.CreateActionImpl(object=_obj()), None)
    assert seen == ["some-value"] and ret.get_self_link() == "some-value"
    assert f.actions()[0].object.get_self_link() == ""


def test_prepend_reactor_runs_first_and_errors_raise():
    f = testing.Fake()
    f.add_reactor("get", "pods", lambda a: (True, corev1.Pod(metadata=metav1.ObjectMeta(name="from-add"))))
    f.prepend_reactor("get", "pods", lambda a: (True, None, RuntimeError("boom")))
    with pytest.raises(RuntimeError, match="^boom$"):
        f.invokes(testing.new_get_action(PODS, "ns", "p"), corev1.Pod())

    def raising(action):
        raise ValueError("raised")

    f.prepend_reactor("*", "*", raising)
    with pytest.raises(ValueError, match="^raised$"):
        f.invokes(testing.new_get_action(PODS, "ns", "p"), corev1.Pod())
    f.prepend_reactor("get", "services", lambda a: (True, None))
    f.prepend_reactor("get", "pods", lambda a: (False, None, RuntimeError("ignored: not handled")))
    f.reaction_chain = f.reaction_chain[:2] + f.reaction_chain[3:]  # drop "raising"
    with pytest.raises(RuntimeError, match="^boom$"):
        f.invokes(testing.new_get_action(PODS, "ns", "p"), corev1.Pod())
    assert [a.get_verb() for a in f.actions()] == ["get", "get", "get"]


def test_default_return_when_nothing_handles():
    f = testing.Fake()
    default = corev1.Pod()
    assert f.invokes(testing.new_delete_action(PODS, "ns", "p"), default) is default
    f.clear_actions()
    assert f.actions() == []


def test_watch_reactors():
    f = testing.Fake()
    with pytest.raises(testing.UnhandledWatchError, match=r"^unhandled watch: "):
        f.invokes_watch(testing.new_watch_action(PODS, "ns", metav1.ListOptions()))
    w1, w2 = watch.new_fake(), watch.new_fake()
    f.add_watch_reactor("*", testing.default_watch_reactor(w1))
    f.prepend_watch_reactor("pods", testing.default_watch_reactor(w2))
    assert f.invokes_watch(testing.new_watch_action(PODS, "ns", metav1.ListOptions())) is w2
    services = GroupVersionResource("", "v1", "services")
    assert f.invokes_watch(testing.new_watch_action(services, "ns", metav1.ListOptions())) is w1
    f.prepend_watch_reactor("*", testing.default_watch_reactor(None, RuntimeError("no watch")))
    with pytest.raises(RuntimeError, match="^no watch$"):
        f.invokes_watch(testing.new_watch_action(PODS, "ns", metav1.ListOptions()))


def test_proxy_reactors_skip_errors():
    f = testing.Fake()
    action = testing.new_proxy_get_action(PODS, "ns", "https", "p", "8080", "/x", {"a": "b"})
    assert f.invokes_proxy(action) is None
    f.add_proxy_reactor("pods", lambda a: (True, "second"))
    f.prepend_proxy_reactor("pods", lambda a: (True, "failed", RuntimeError("x")))
    assert f.invokes_proxy(action) == "second"


def test_list_action_extracts_selectors():
    opts = metav1.ListOptions(
        labelSelector="app in (a,b),tier!=db", fieldSelector="metadata.name=x", resourceVersion="7", limit=5
    )
    action = testing.new_list_action_with_options(PODS, GroupVersionKind("", "v1", "Pod"), "ns", opts)
    assert action.get_verb() == "list" and action.get_namespace() == "ns"
    assert action.list_options == opts
    r = action.get_list_restrictions()
    assert r.labels.matches(labels.Set({"app": "a", "tier": "web"}))
    assert not r.labels.matches(labels.Set({"app": "a", "tier": "db"}))
    assert str(r.fields) == "metadata.name=x"
    plain = testing.new_list_action(PODS, GroupVersionKind("", "v1", "Pod"), "ns", opts)
    assert plain.list_options == metav1.ListOptions(labelSelector=str(r.labels), fieldSelector="metadata.name=x")
    watch_action = testing.new_watch_action(PODS, "ns", opts)
    assert watch_action.get_watch_restrictions().resource_version == "7"
    with pytest.raises(ValueError) as err:
        testing.extract_from_list_options(metav1.ListOptions(labelSelector="a=b,"))
    assert str(err.value) == "invalid selector \"a=b,\": found '', expected: identifier after ','"
    with pytest.raises(TypeError, match=r"^expect a ListOptions"):
        testing.extract_from_list_options({"labelSelector": ""})


def test_action_matches_and_subresource_join():
    action = testing.new_patch_subresource_action(PODS, "ns", "p", types.MergePatchType, b"{}", "status", "x")
    assert action.subresource == "status/x"
    assert testing.new_patch_subresource_action(PODS, "ns", "p", types.MergePatchType, b"{}").subresource == ""
    update = testing.new_update_subresource_action(PODS, "status", "ns", corev1.Pod())
    assert update.matches("UPDATE", "Pods/Status")
    assert update.matches("update", "pods")  # without "/", Go ignores the subresource
    assert not update.matches("update", "pods/scale")
    assert testing.new_get_action(PODS, "ns", "p").matches("get", "pods")


def test_actions_are_deep_copied():
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="p"))
    action = testing.new_create_action(PODS, "ns", pod)
    copied = action.deep_copy()
    assert copied == action and copied.object is not pod
    patch = testing.new_patch_action(PODS, "ns", "p", types.JSONPatchType, b"[]")
    assert patch.deep_copy() == patch
    assert isinstance(patch, testing.PatchAction) and type(patch) is testing.PatchActionImpl
    collection = testing.new_delete_collection_action(PODS, "ns", metav1.ListOptions(labelSelector="a=b"))
    assert collection.get_verb() == "delete-collection"
    assert str(collection.deep_copy().get_list_restrictions().labels) == "a=b"
