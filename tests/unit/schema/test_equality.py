"""``==`` is Go's DeepEqual: presence of a non-pointer zero field does not matter, a pointer's does."""

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1


def test_protobuf_decoded_zero_fields_equal_unset_ones():
    decoded = corev1.Pod.FromString(
        corev1.Pod(
            metadata=metav1.ObjectMeta(name="p", generateName=""), spec=corev1.PodSpec(nodeName="", hostNetwork=False)
        ).SerializeToString()
    )
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


def test_type_meta_counts_although_go_keeps_it_out_of_the_body():
    with_kind = corev1.Pod(metadata=metav1.ObjectMeta(name="p"))
    with_kind.kind = "Pod"
    assert with_kind != corev1.Pod(metadata=metav1.ObjectMeta(name="p"))


def test_quantities_compare_as_go_values():
    from kubernetes_py.apimachinery.api import resource

    # Same amount, different format: Go's DeepEqual says unequal (Quantity.Equal / cmp say equal).
    assert resource.must_parse("1Ki") != resource.must_parse("1024")
    # A quantity read back from the wire equals the one that was written.
    q = resource.must_parse("250m")
    assert type(q).FromString(q.SerializeToString()) == q
