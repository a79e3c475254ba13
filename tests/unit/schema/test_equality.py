"""``==`` is Go's DeepEqual: presence of a non-pointer zero field does not matter, a pointer's does."""
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1


def test_protobuf_decoded_zero_fields_equal_unset_ones():
    decoded = corev1.Pod.FromString(
        corev1.Pod(metadata=metav1.ObjectMeta(name="p", generateName=""),
                   spec=corev1.PodSpec(nodeName="", hostNetwork=False)).SerializeToString())
    built = corev1.Pod(metadata=metav1.ObjectMeta(name="p"))
    assert decoded.metadata.HasField("generateName") and not built.metadata.HasField("generateName")
    assert decoded == built
    assert not (decoded != built)


def test_pointer_fields_keep_their_presence():
    # PodSpec.activeDeadlineSeconds is *int64 in Go: nil and &0 are different values.
    assert corev1.PodSpec(activeDeadlineSeconds=0) != corev1.PodSpec()
    # ObjectMeta.deletionGracePeriodSeconds is *int64 as well.
    assert metav1.ObjectMeta(deletionGracePeriodSeconds=0) != metav1.ObjectMeta()


def test_different_values_and_types_are_unequal():
    assert corev1.ConfigMap(data={"a": "1"}) != corev1.ConfigMap(data={"a": "2"})
    assert corev1.ConfigMap() != corev1.Secret()
    assert corev1.ConfigMap() != "ConfigMap"
