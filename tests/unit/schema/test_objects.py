"""deep_copy, equality, the metav1.Object / ListInterface accessors and get_object_kind."""

import copy
import pickle

from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind


def _pod():
    return corev1.Pod(
        metadata=metav1.ObjectMeta(
            name="web",
            namespace="default",
            labels={"app": "web"},
            ownerReferences=[metav1.OwnerReference(name="rs", uid="u1")],
        ),
        spec=corev1.PodSpec(containers=[corev1.Container(name="c", image="nginx")]),
    )


def test_deep_copy_is_independent_and_equal():
    pod = _pod()
    clone = pod.deep_copy()
    assert type(clone) is corev1.Pod and clone == pod and clone is not pod
    clone.metadata.labels["app"] = "other"
    clone.spec.containers[0].image = "busybox"
    assert pod.metadata.labels["app"] == "web" and pod.spec.containers[0].image == "nginx"
    assert clone != pod
    again = copy.deepcopy(pod)
    assert again == pod and type(again) is corev1.Pod


def test_equality_is_deep_and_typed():
    assert _pod() == _pod()
    other = _pod()
    other.spec.containers[0].name = "d"
    assert other != _pod()


def test_pickle_round_trip():
    pod = _pod()
    assert pickle.loads(pickle.dumps(pod)) == pod


def test_serialize_parse_round_trip():
    pod = _pod()
    pod.spec.activeDeadlineSeconds = 0
    data = pod.SerializeToString()
    parsed = corev1.Pod.FromString(data)
    assert parsed == pod
    assert parsed.spec.HasField("activeDeadlineSeconds")
    assert type(parsed.metadata.ownerReferences[0]) is metav1.OwnerReference


def test_object_accessors_zero_values():
    pod = corev1.Pod()
    assert pod.get_name() == "" and pod.get_namespace() == "" and pod.get_generate_name() == ""
    assert pod.get_uid() == "" and pod.get_resource_version() == "" and pod.get_self_link() == ""
    assert pod.get_generation() == 0
    assert pod.get_labels() == {} and pod.get_annotations() == {}
    assert pod.get_finalizers() == [] and pod.get_owner_references() == [] and pod.get_managed_fields() == []
    assert pod.get_deletion_timestamp() is None
    assert pod.get_deletion_grace_period_seconds() is None
    assert pod.get_creation_timestamp() == metav1.Time()
    assert not pod.HasField("metadata"), "reading accessors must not create metadata"


def test_object_accessor_setters_and_copies():
    pod = corev1.Pod()
    pod.set_name("web")
    pod.set_namespace("ns")
    pod.set_generate_name("web-")
    pod.set_uid("1234")
    pod.set_resource_version("42")
    pod.set_generation(3)
    pod.set_self_link("/api/v1/x")
    pod.set_labels({"a": "b"})
    pod.set_annotations({"n": "v"})
    pod.set_finalizers(["f"])
    pod.set_owner_references([metav1.OwnerReference(name="o")])
    pod.set_managed_fields([metav1.ManagedFieldsEntry(manager="m")])
    pod.set_creation_timestamp(metav1.Time(seconds=10))
    pod.set_deletion_timestamp(metav1.Time(seconds=20))
    pod.set_deletion_grace_period_seconds(30)
    meta = pod.metadata
    assert (meta.name, meta.namespace, meta.generateName, meta.uid, meta.resourceVersion) == (
        "web",
        "ns",
        "web-",
        "1234",
        "42",
    )
    assert (meta.generation, meta.selfLink) == (3, "/api/v1/x")
    assert pod.get_labels() == {"a": "b"} and pod.get_annotations() == {"n": "v"}
    assert pod.get_finalizers() == ["f"]
    assert [r.name for r in pod.get_owner_references()] == ["o"]
    assert [m.manager for m in pod.get_managed_fields()] == ["m"]
    assert pod.get_creation_timestamp().seconds == 10
    assert pod.get_deletion_timestamp().seconds == 20
    assert pod.get_deletion_grace_period_seconds() == 30
    labels = pod.get_labels()
    labels["x"] = "y"
    pod.get_owner_references()[0].name = "changed"
    assert pod.get_labels() == {"a": "b"} and pod.metadata.ownerReferences[0].name == "o"
    pod.set_labels(None)
    pod.set_deletion_timestamp(None)
    pod.set_deletion_grace_period_seconds(None)
    assert pod.get_labels() == {} and pod.get_deletion_timestamp() is None
    assert pod.get_deletion_grace_period_seconds() is None
    assert pod.get_object_meta() is not None and pod.get_object_meta().name == "web"


def test_object_meta_is_itself_a_meta_object():
    meta = metav1.ObjectMeta(name="x")
    assert meta.get_name() == "x" and meta.get_object_meta() is meta
    meta.set_namespace("ns")
    assert meta.namespace == "ns"


def test_list_accessors():
    pods = corev1.PodList()
    assert pods.get_resource_version() == "" and pods.get_continue() == ""
    assert pods.get_remaining_item_count() is None and pods.get_self_link() == ""
    pods.set_resource_version("7")
    pods.set_continue("tok")
    pods.set_remaining_item_count(0)
    pods.set_self_link("/l")
    assert getattr(pods.metadata, "continue") == "tok" and pods.metadata.resourceVersion == "7"
    assert pods.get_remaining_item_count() == 0 and pods.get_self_link() == "/l"
    pods.set_remaining_item_count(None)
    assert pods.get_remaining_item_count() is None
    assert metav1.ListMeta(resourceVersion="1").get_resource_version() == "1"


def test_type_meta_fields_and_get_object_kind():
    deployment = appsv1.Deployment()
    kind = deployment.get_object_kind()
    assert kind.group_version_kind() == GroupVersionKind(group="", version="", kind="")
    kind.set_group_version_kind(GroupVersionKind(group="apps", version="v1", kind="Deployment"))
    assert (deployment.apiVersion, deployment.kind) == ("apps/v1", "Deployment")
    assert deployment.get_object_kind().group_version_kind() == GroupVersionKind(
        group="apps", version="v1", kind="Deployment"
    )
    pod = corev1.Pod(apiVersion="v1", kind="Pod")
    assert pod.get_object_kind().group_version_kind() == GroupVersionKind(group="", version="v1", kind="Pod")
    pod.get_object_kind().set_group_version_kind(GroupVersionKind())
    assert not pod.HasField("apiVersion") and not pod.HasField("kind")
    assert pod.deep_copy_object() == pod


def test_type_meta_fields_only_where_go_embeds_type_meta():
    assert "kind" in corev1.Pod.DESCRIPTOR.fields_by_name
    assert "kind" in metav1.ListOptions.DESCRIPTOR.fields_by_name
    assert "kind" in metav1.Status.DESCRIPTOR.fields_by_name
    assert "kind" not in corev1.PodSpec.DESCRIPTOR.fields_by_name
    assert not hasattr(corev1.PodSpec, "get_object_kind")
    assert not hasattr(metav1.ObjectMeta, "get_object_kind")
    assert not hasattr(corev1.PodSpec, "get_name")
    # Go never writes TypeMeta into the protobuf body: a set kind is only our extra field.
    assert corev1.Pod.DESCRIPTOR.fields_by_name["kind"].number == 536870911


def test_type_meta_message_is_an_object_kind():
    meta = metav1.TypeMeta()
    assert meta.get_object_kind() is meta
    meta.set_group_version_kind(GroupVersionKind(group="batch", version="v1", kind="Job"))
    assert (meta.apiVersion, meta.kind) == ("batch/v1", "Job")
    assert meta.group_version_kind() == GroupVersionKind(group="batch", version="v1", kind="Job")


def test_every_registered_kind_is_a_runtime_object():
    from kubernetes_py import _schema
    from kubernetes_py._schema import gotypes

    go = gotypes.load()
    for kinds in go.package_kinds.values():
        for kind in kinds:
            proto = go.types[kind.type].proto
            if proto:
                cls = _schema.message_class(proto)
                assert callable(getattr(cls, "get_object_kind", None)), proto
                assert callable(getattr(cls, "deep_copy_object", None)), proto


def test_watch_event_has_the_empty_object_kind():
    from kubernetes_py.apimachinery.runtime.schema import EmptyObjectKind

    event = metav1.WatchEvent(type="ADDED")
    assert event.get_object_kind() is EmptyObjectKind
    assert event.get_object_kind().group_version_kind() == GroupVersionKind()
    assert event.deep_copy_object() == event
