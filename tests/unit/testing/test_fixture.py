"""ObjectTracker and ObjectReaction: the fixture tests of client-go testing/fixture_test.go, and the
tracker's resourceVersion, namespace, patch and watch behaviour."""

from __future__ import annotations

import threading

import pytest

from kubernetes_py import testing
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime, types
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery.watch import watch
from kubernetes_py.kubernetes import scheme

PODS = GroupVersionResource("", "v1", "pods")
NODES = GroupVersionResource("", "v1", "nodes")
POD_KIND = GroupVersionKind("", "v1", "Pod")


def _tracker() -> testing.ObjectTracker:
    return testing.new_object_tracker(scheme.Scheme, scheme.Codecs.universal_decoder())


def _pod(name: str, ns: str = "default", **labels: str) -> corev1.Pod:
    return corev1.Pod(metadata=metav1.ObjectMeta(name=name, namespace=ns, labels=labels))


def _arbitrary(gvr: GroupVersionResource, name: str, namespace: str) -> unstructured.Unstructured:
    return unstructured.Unstructured(
        {
            "kind": gvr.resource,
            "apiVersion": gvr.version,
            "metadata": {
                "name": name,
                "namespace": namespace,
                "generateName": "test_generateName",
                "uid": "test_uid",
                "resourceVersion": "test_resourceVersion",
            },
            "data": str(gvr),
        }
    )


def _next(w, timeout: float = 2.0):
    event, ok = w.result_chan().recv(timeout=timeout)
    assert ok
    return event


def test_watch_in_namespace_sees_created_object():
    gvr = GroupVersionResource("", "test_version", "test_kind")
    obj = _arbitrary(gvr, "test_name", "test_namespace")
    o = testing.new_object_tracker(runtime.new_scheme(), scheme.Codecs.universal_decoder())
    w = o.watch(gvr, "test_namespace")
    threading.Thread(target=o.create, args=(gvr, obj, "test_namespace")).start()
    event = _next(w)
    assert event.type == watch.Added
    assert event.object.unstructured_content() == obj.unstructured_content()


def test_watch_all_namespaces_sees_every_namespace_and_cluster_scope():
    gvr = GroupVersionResource("", "test_version", "test_kind")
    o = testing.new_object_tracker(runtime.new_scheme(), scheme.Codecs.universal_decoder())
    w_all = o.watch(gvr, "")
    w_ns = o.watch(gvr, "test_namespace")
    w_other = o.watch(gvr, "other")
    o.create(gvr, _arbitrary(gvr, "a", "test_namespace"), "test_namespace")
    o.create(gvr, _arbitrary(gvr, "b", ""), "")
    assert _next(w_all).object.get_name() == "a"
    assert _next(w_all).object.get_name() == "b"
    assert _next(w_ns).object.get_name() == "a"
    with pytest.raises(Exception):
        _next(w_ns, timeout=0.05)
    with pytest.raises(Exception):
        _next(w_other, timeout=0.05)


def test_watch_events_in_order_with_copies():
    o = _tracker()
    w = o.watch(PODS, "default")
    pod = _pod("p")
    o.create(PODS, pod, "default")
    pod.metadata.labels["x"] = "y"
    o.update(PODS, pod, "default")
    o.delete(PODS, "default", "p")
    events = [_next(w) for _ in range(3)]
    assert [e.type for e in events] == [watch.Added, watch.Modified, watch.Deleted]
    assert dict(events[0].object.metadata.labels) == {}
    assert dict(events[1].object.metadata.labels) == {"x": "y"}
    assert events[2].object.metadata.name == "p"
    pod.metadata.labels["z"] = "w"  # the tracker stored a copy
    with pytest.raises(errors.StatusError):
        o.get(PODS, "default", "p")
    o.add(pod)
    pod.metadata.labels["q"] = "r"
    assert dict(o.get(PODS, "default", "p").metadata.labels) == {"x": "y", "z": "w"}


def test_watch_add_after_stop_is_ignored():
    o = _tracker()
    w = o.watch(PODS, "default")
    w.stop()
    o.create(PODS, _pod("p"), "default")  # no error although the watcher is stopped
    assert o.get(PODS, "default", "p").metadata.name == "p"


def test_watch_with_options_replays_objects_newer_than_resource_version():
    o = _tracker()
    o.add(_pod("a"))
    o.add(_pod("b"))
    listed = o.list(PODS, POD_KIND, "default")
    assert listed.metadata.resourceVersion == "3"
    o.add(_pod("c"))
    replay = o.watch(PODS, "default", metav1.ListOptions(resourceVersion=listed.metadata.resourceVersion))
    assert _next(replay).object.metadata.name == "c"
    everything = o.watch(PODS, "default", metav1.ListOptions())
    assert [_next(everything).object.metadata.name for _ in range(3)] == ["a", "b", "c"]
    without_options = o.watch(PODS, "default")
    with pytest.raises(Exception):
        _next(without_options, timeout=0.05)
    with pytest.raises(ValueError) as err:
        o.watch(PODS, "default", metav1.ListOptions(resourceVersion="x"))
    assert str(err.value) == (
        'invalid ResourceVersion "x" in ListOptions, must be int64: strconv.ParseInt: parsing "x": invalid syntax'
    )


def test_patch_with_missing_object():
    o = testing.new_object_tracker(runtime.new_scheme(), scheme.Codecs.universal_decoder())
    reaction = testing.object_reaction(o)
    action = testing.new_root_patch_subresource_action(NODES, "node-1", types.StrategicMergePatchType, b"{}")
    with pytest.raises(errors.StatusError) as err:
        reaction(action)
    assert str(err.value) == 'nodes "node-1" not found'


def test_get_with_exact_match():
    o = _tracker()
    node = corev1.Node(metadata=metav1.ObjectMeta(name="node"))
    o.add(node)
    assert o.get(NODES, "", "node").metadata.name == "node"
    with pytest.raises(errors.StatusError) as err:
        o.get(NODES, "ns", "node")
    assert str(err.value) == 'nodes "node" not found'
    o.add(_pod("pod"))
    assert o.get(PODS, "default", "pod").metadata.name == "pod"
    with pytest.raises(errors.StatusError, match=r'^pods "pod" not found$'):
        o.get(PODS, "", "pod")


def test_resource_versions_are_counted_but_not_stored_and_not_checked():
    o = _tracker()
    assert o.list(PODS, POD_KIND, "").metadata.resourceVersion == "1"
    o.create(PODS, _pod("p"), "default")
    stale = _pod("p")
    stale.metadata.resourceVersion = "999"
    o.update(PODS, stale, "default")  # a server would answer 409 Conflict
    assert o.list(PODS, POD_KIND, "").metadata.resourceVersion == "3"
    assert o.get(PODS, "default", "p").metadata.resourceVersion == "999"


def test_create_conflicts_and_update_of_missing():
    o = _tracker()
    o.create(PODS, _pod("p"), "default")
    with pytest.raises(errors.StatusError) as err:
        o.create(PODS, _pod("p"), "default")
    assert errors.is_already_exists(err.value) and str(err.value) == 'pods "p" already exists'
    with pytest.raises(errors.StatusError) as err:
        o.update(PODS, _pod("q"), "default")
    assert errors.is_not_found(err.value)
    with pytest.raises(errors.StatusError) as err:
        o.delete(PODS, "default", "q")
    assert str(err.value) == 'pods "q" not found'


def test_namespace_is_filled_in_and_must_match():
    o = _tracker()
    o.create(PODS, corev1.Pod(metadata=metav1.ObjectMeta(name="p")), "ns1")
    assert o.get(PODS, "ns1", "p").metadata.namespace == "ns1"
    with pytest.raises(errors.StatusError) as err:
        o.create(PODS, _pod("q", "ns1"), "ns2")
    assert errors.is_bad_request(err.value)
    assert str(err.value) == 'request namespace does not match object namespace, request: "ns2" object: "ns1"'


def test_generate_name_is_not_handled():
    o = _tracker()
    o.create(PODS, corev1.Pod(metadata=metav1.ObjectMeta(generateName="web-")), "default")
    stored = o.get(PODS, "default", "")
    assert stored.metadata.name == "" and stored.metadata.generateName == "web-"
    with pytest.raises(errors.StatusError, match=r'^pods "" already exists$'):
        o.create(PODS, corev1.Pod(metadata=metav1.ObjectMeta(generateName="web-")), "default")


def test_list_is_sorted_filtered_by_namespace_and_copied():
    o = _tracker()
    for ns, name in [("b", "x"), ("a", "z"), ("a", "y")]:
        o.add(_pod(name, ns))
    listed = o.list(PODS, POD_KIND, "")
    assert [(p.metadata.namespace, p.metadata.name) for p in listed.items] == [("a", "y"), ("a", "z"), ("b", "x")]
    assert [p.metadata.name for p in o.list(PODS, POD_KIND, "a").items] == ["y", "z"]
    assert o.list(NODES, GroupVersionKind("", "v1", "Node"), "").items == []
    listed.items[0].metadata.name = "changed"
    assert o.get(PODS, "a", "y").metadata.name == "y"
    with pytest.raises(ValueError, match=r"^expected only one option argument but got 2$"):
        o.list(PODS, POD_KIND, "", metav1.ListOptions(), metav1.ListOptions())


def test_add_list_adds_items():
    o = _tracker()
    o.add(corev1.PodList(items=[_pod("a"), _pod("b")]))
    assert [p.metadata.name for p in o.list(PODS, POD_KIND, "default").items] == ["a", "b"]


def test_objects_without_object_meta_cannot_be_stored():
    # A metav1.Status has list metadata only: as in Go, meta.Accessor refuses it.
    with pytest.raises(Exception, match=r"^object does not implement the Object interfaces$"):
        _tracker().create(GroupVersionResource("", "v1", "statuses"), metav1.Status(message="boom"), "")


def test_object_reaction_patch_types():
    o = _tracker()
    o.add(
        corev1.Pod(
            metadata=metav1.ObjectMeta(name="p", namespace="default", labels={"a": "1"}),
            spec=corev1.PodSpec(containers=[corev1.Container(name="c", image="i")]),
        )
    )
    react = testing.object_reaction(o)
    handled, pod = react(
        testing.new_patch_action(
            PODS, "default", "p", types.StrategicMergePatchType, b'{"spec":{"containers":[{"name":"d","image":"j"}]}}'
        )
    )
    assert handled and [c.name for c in pod.spec.containers] == ["d", "c"]
    _, pod = react(
        testing.new_patch_action(
            PODS, "default", "p", types.MergePatchType, b'{"metadata":{"labels":{"a":null,"b":"2"}}}'
        )
    )
    assert dict(pod.metadata.labels) == {"b": "2"}
    _, pod = react(
        testing.new_patch_action(
            PODS,
            "default",
            "p",
            types.JSONPatchType,
            b'[{"op":"replace","path":"/spec/containers/0/image","value":"k"}]',
        )
    )
    assert pod.spec.containers[0].image == "k"
    assert o.get(PODS, "default", "p") == pod
    with pytest.raises(Exception) as err:
        react(
            testing.new_patch_action(
                PODS, "default", "p", types.JSONPatchType, b'[{"op":"test","path":"/spec/nodeName","value":"n"}]'
            )
        )
    assert str(err.value) == "testing value /spec/nodeName failed: test failed"
    with pytest.raises(ValueError, match=r"^PatchType text/plain is not supported$"):
        react(testing.new_patch_action(PODS, "default", "p", "text/plain", b""))


def test_object_reaction_apply_is_a_strategic_merge_onto_an_existing_object():
    o = _tracker()
    react = testing.object_reaction(o)
    apply = b"apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    x: z\n"
    with pytest.raises(errors.StatusError, match=r'^pods "p" not found$'):
        react(testing.new_patch_action(PODS, "default", "p", types.ApplyPatchType, apply))
    o.add(_pod("p", a="1"))
    _, pod = react(testing.new_patch_action(PODS, "default", "p", types.ApplyPatchType, apply))
    assert dict(pod.metadata.labels) == {"a": "1", "x": "z"}


def test_object_reaction_subresource_create_of_another_type_is_not_stored():
    o = _tracker()
    o.add(_pod("p"))
    react = testing.object_reaction(o)
    binding = corev1.Binding(
        metadata=metav1.ObjectMeta(name="p", namespace="default"), target=corev1.ObjectReference(name="node")
    )
    handled, ret = react(testing.new_create_subresource_action(PODS, "p", "binding", "default", binding))
    assert handled and ret is not None and type(ret) is corev1.Binding
    assert o.get(PODS, "default", "p").spec.nodeName == ""


def test_object_reaction_does_not_handle_watch():
    handled, ret, err = testing.object_reaction(_tracker())(testing.new_watch_action(PODS, "", metav1.ListOptions()))
    assert not handled and ret is None and str(err).startswith("no reaction implemented for ")


@pytest.mark.parametrize(
    "resource,action,want",
    [
        ("*", testing.ActionImpl(resource=GroupVersionResource(resource="pods")), True),
        ("pods", testing.ActionImpl(resource=GroupVersionResource(resource="pods")), True),
        ("pods", testing.ActionImpl(resource=GroupVersionResource(resource="services")), False),
        ("pods/log", testing.ActionImpl(resource=GroupVersionResource(resource="pods"), subresource="log"), True),
        ("pods/log", testing.ActionImpl(resource=GroupVersionResource(resource="pods"), subresource="status"), False),
        ("pods/log", testing.ActionImpl(resource=GroupVersionResource(resource="pods")), False),
        ("pods", testing.ActionImpl(resource=GroupVersionResource(resource="pods"), subresource="log"), True),
    ],
)
def test_resource_covers(resource, action, want):
    assert testing.resource_covers(resource, action) is want


def test_tracker_does_not_support_watch_list():
    assert _tracker().is_watch_list_semantics_un_supported() is True


def test_concurrent_writers_and_a_watch_consumer():
    o = _tracker()
    w = o.watch(PODS, "", metav1.ListOptions())
    seen: list[str] = []

    def consume():
        while len(seen) < 100:
            event, ok = w.result_chan().recv(timeout=5)
            assert ok
            seen.append(event.object.metadata.name)

    consumer = threading.Thread(target=consume)
    consumer.start()

    def write(i: int) -> None:
        for j in range(25):
            o.create(PODS, _pod(f"p{i}-{j}"), "default")

    # 100 events at most: the watch buffers 100 (more unconsumed events fail, as Go's fake panics).
    writers = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    consumer.join(timeout=10)
    assert sorted(seen) == sorted(f"p{i}-{j}" for i in range(4) for j in range(25))
    listed = o.list(PODS, POD_KIND, "default")
    assert len(listed.items) == 100 and listed.metadata.resourceVersion == "101"


def test_unstructured_objects_in_an_empty_scheme():
    # As client-go's TestGetWithExactMatch: kinds come from the objects, resources are guessed from them.
    o = testing.new_object_tracker(runtime.new_scheme(), scheme.Codecs.universal_decoder())
    o.add(_arbitrary(GroupVersionResource("", "v1", "node"), "node", ""))
    nodes = GroupVersionResource("", "v1", "nodes")
    assert o.get(nodes, "", "node").get_name() == "node"
    with pytest.raises(errors.StatusError, match=r'^nodes "node" not found$'):
        o.get(nodes, "ns", "node")
    with pytest.raises(runtime.NotRegisteredError, match=r'^no kind "nodeList" is registered for version "v1"'):
        o.list(nodes, GroupVersionKind("", "v1", "node"), "")


def test_watch_call_multiple_invocation():
    cases = [
        ("foo", watch.Added, "test_namespace"),
        ("bar", watch.Added, "test_namespace"),
        ("baz", watch.Added, ""),
        ("bar", watch.Modified, "test_namespace"),
        ("baz", watch.Modified, ""),
        ("foo", watch.Deleted, "test_namespace"),
        ("bar", watch.Deleted, "test_namespace"),
        ("baz", watch.Deleted, ""),
    ]
    gvr = GroupVersionResource("", "test_version", "test_kind")
    o = testing.new_object_tracker(runtime.new_scheme(), scheme.Codecs.universal_decoder())
    watchers = [(ns, o.watch(gvr, ns)) for ns in ("", "", "test_namespace", "test_namespace")]
    for name, op, ns in cases:
        if op == watch.Added:
            o.create(gvr, _arbitrary(gvr, name, ns), ns)
        elif op == watch.Modified:
            o.update(gvr, _arbitrary(gvr, name, ns), ns)
        else:
            o.delete(gvr, ns, name)
    for watch_ns, w in watchers:
        want = [(op, name, ns) for name, op, ns in cases if watch_ns == "" or ns == watch_ns]
        got = [(e.type, e.object.get_name(), e.object.get_namespace()) for e in (_next(w) for _ in want)]
        assert got == want
