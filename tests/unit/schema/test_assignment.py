"""Assignment on API objects copies like a Go struct assignment; None clears; unknown names fail."""

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.networking import v1 as networkingv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1


def test_assigning_a_message_copies_it():
    meta = metav1.ObjectMeta(name="web")
    pod = corev1.Pod()
    pod.metadata = meta
    meta.name = "changed"
    assert pod.metadata.name == "web"
    assert pod.HasField("metadata")
    pod.metadata.namespace = "ns"
    assert meta.namespace == ""


def test_assigning_an_empty_message_marks_the_field_present():
    pod = corev1.Pod()
    pod.spec = corev1.PodSpec()
    assert pod.HasField("spec")
    assert pod.SerializeToString() == b"\x12\x00"


def test_assigning_a_list_of_messages_copies_each():
    c1, c2 = corev1.Container(name="a"), corev1.Container(name="b")
    pod = corev1.Pod()
    pod.spec.containers = [c1, c2]
    c1.name = "changed"
    assert [c.name for c in pod.spec.containers] == ["a", "b"]
    pod.spec.containers = [corev1.Container(name="c")]
    assert [c.name for c in pod.spec.containers] == ["c"]


def test_assigning_a_field_to_itself_or_to_an_element_of_itself():
    spec = corev1.PodSpec(containers=[corev1.Container(name="a"), corev1.Container(name="b")])
    spec.containers = spec.containers
    assert [c.name for c in spec.containers] == ["a", "b"]
    spec.containers = [spec.containers[1]]
    assert [c.name for c in spec.containers] == ["b"]


def test_assigning_scalar_lists_and_maps_copies():
    labels = {"a": "b"}
    meta = metav1.ObjectMeta()
    meta.labels = labels
    labels["c"] = "d"
    assert dict(meta.labels) == {"a": "b"}
    meta.labels = {"x": "y"}
    assert dict(meta.labels) == {"x": "y"}
    finalizers = ["f1"]
    meta.finalizers = finalizers
    finalizers.append("f2")
    assert list(meta.finalizers) == ["f1"]
    cm = corev1.ConfigMap()
    cm.data = {"k": "v"}
    cm.binaryData = {"b": b"\x00\x01"}
    assert dict(cm.data) == {"k": "v"} and cm.binaryData["b"] == b"\x00\x01"


def test_assigning_a_map_of_messages_copies_each_value():
    quantity_class = type(corev1.ResourceRequirements().limits.get_or_create("cpu"))
    cpu = quantity_class(string="100m")
    requirements = corev1.ResourceRequirements()
    requirements.limits = {"cpu": cpu}
    cpu.string = "1"
    assert requirements.limits["cpu"].string == "100m"
    other = corev1.ResourceRequirements(limits={"memory": quantity_class(string="1Gi")})
    requirements.limits = other.limits
    assert list(requirements.limits) == ["memory"]


def test_none_clears_every_kind_of_field():
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="a", labels={"k": "v"}, finalizers=["f"]))
    pod.spec.activeDeadlineSeconds = 5
    pod.spec.activeDeadlineSeconds = None
    assert not pod.spec.HasField("activeDeadlineSeconds")
    pod.metadata.labels = None
    pod.metadata.finalizers = None
    assert len(pod.metadata.labels) == 0 and len(pod.metadata.finalizers) == 0
    pod.metadata = None
    assert not pod.HasField("metadata")


def test_scalar_presence_is_kept():
    pod = corev1.Pod()
    pod.spec.nodeName = ""
    assert pod.spec.HasField("nodeName")
    assert not pod.spec.HasField("hostname")


def test_unknown_attribute_names_type_and_field():
    pod = corev1.Pod()
    with pytest.raises(AttributeError, match=r"^Pod has no field 'nodeName'$"):
        pod.nodeName = "x"


def test_wrong_types_are_rejected_with_the_field_named():
    pod = corev1.Pod()
    with pytest.raises(TypeError, match=r"^Pod.metadata must be a ObjectMeta, not PodSpec$"):
        pod.metadata = corev1.PodSpec()
    with pytest.raises(TypeError, match=r"^PodSpec.containers holds Container items, not Volume$"):
        pod.spec.containers = [corev1.Container(name="kept"), corev1.Volume()]
    with pytest.raises(TypeError, match=r"^PodSpec.containers is a list field; cannot assign str$"):
        pod.spec.containers = "abc"
    with pytest.raises(TypeError, match=r"^ObjectMeta.labels is a map field; cannot assign list$"):
        pod.metadata.labels = ["a"]
    with pytest.raises(TypeError):
        pod.spec.nodeName = 5
    assert len(pod.spec.containers) == 0


def test_python_keyword_fields_have_underscore_aliases():
    peer = networkingv1.NetworkPolicyPeer(podSelector=metav1.LabelSelector(matchLabels={"app": "web"}))
    rule = networkingv1.NetworkPolicyIngressRule(from_=[peer])
    assert list(getattr(rule, "from")) == [peer]
    assert list(rule.from_) == [peer]
    rule.from_ = []
    assert len(getattr(rule, "from")) == 0
    meta = metav1.ListMeta(continue_="token")
    assert getattr(meta, "continue") == "token"


def test_nested_fields_are_instances_of_the_schema_classes():
    pod = corev1.Pod()
    assert type(pod.spec) is corev1.PodSpec
    assert type(pod.metadata) is metav1.ObjectMeta
    assert type(pod.spec.containers.add()) is corev1.Container
    assert corev1.Pod.__module__ == "kubernetes_py.api.core.v1"


def test_inlined_embedded_struct_fields_are_promoted_like_go():
    volume = corev1.Volume(name="config", configMap=corev1.ConfigMapVolumeSource(name="cm", defaultMode=0o644))
    assert volume.volumeSource.configMap.localObjectReference.name == "cm"
    assert volume.configMap.name == "cm"
    volume.configMap.name = "other"
    assert volume.volumeSource.configMap.localObjectReference.name == "other"
    volume.secret = corev1.SecretVolumeSource(secretName="s")
    assert volume.volumeSource.secret.secretName == "s"
    volume.secret = None
    assert not volume.volumeSource.HasField("secret")
    probe = corev1.Probe(httpGet=corev1.HTTPGetAction(path="/healthz"), periodSeconds=5)
    assert probe.handler.httpGet.path == "/healthz" and probe.periodSeconds == 5
    assert corev1.Volume.FromString(volume.SerializeToString()) == volume


def test_promotion_follows_go_depth_rules():
    from kubernetes_py import _schema
    from kubernetes_py.api.admissionregistration import v1 as admissionregistrationv1

    rule = admissionregistrationv1.NamedRuleWithOperations(apiGroups=["apps"], operations=["CREATE"])
    assert list(rule.ruleWithOperations.rule.apiGroups) == ["apps"]
    assert list(rule.apiGroups) == ["apps"] and list(rule.operations) == ["CREATE"]
    promoted = _schema.promoted_fields(admissionregistrationv1.NamedRuleWithOperations.DESCRIPTOR)
    assert promoted["apiGroups"] == ("ruleWithOperations", "rule", "apiGroups")
    # An outer field shadows a promoted one: EphemeralContainer's own fields win.
    assert "targetContainerName" not in _schema.promoted_fields(corev1.EphemeralContainer.DESCRIPTOR)
    assert _schema.promoted_fields(corev1.EphemeralContainer.DESCRIPTOR)["image"] == (
        "ephemeralContainerCommon",
        "image",
    )
    assert _schema.promoted_fields(corev1.Pod.DESCRIPTOR) == {}
