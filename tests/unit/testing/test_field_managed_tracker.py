"""The field-managed object tracker (testing.new_field_managed_object_tracker): client-go's fixture tests of it
(testing/fixture_test.go: apply create, apply without metadata, several field managers, the scheme reloaded,
unstructured objects with the deduced type converter), then the managed fields it writes, entry by entry, for
the steps of those tests and for what the field manager chain adds (before-first-apply, ancient-changes,
conflict texts, bad requests), and the YAML 1.1 reading of apply patches."""

from __future__ import annotations

import json
import pathlib

import pytest

from kubernetes_py import testing
from kubernetes_py._smd import typed
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime, types
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery.runtime.serializer import new_codec_factory
from kubernetes_py.apimachinery.util import managedfields

CM_RESOURCE = GroupVersionResource("", "v1", "configMaps")
# Where tracker.add puts a ConfigMap (the resource guessed from the kind).
CONFIGMAPS = GroupVersionResource("", "v1", "configmaps")

# client-go's configMapTypedSchema (testing/fixture_test.go), word for word.
CONFIG_MAP_TYPED_SCHEMA = """types:
- name: io.k8s.api.core.v1.ConfigMap
  map:
    fields:
    - name: apiVersion
      type:
        scalar: string
    - name: data
      type:
        map:
          elementType:
            scalar: string
    - name: kind
      type:
        scalar: string
    - name: metadata
      type:
        namedType: io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta
      default: {}
- name: io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta
  map:
    fields:
    - name: creationTimestamp
      type:
        namedType: io.k8s.apimachinery.pkg.apis.meta.v1.Time
    - name: managedFields
      type:
        list:
          elementType:
            namedType: io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry
          elementRelationship: atomic
    - name: name
      type:
        scalar: string
    - name: namespace
      type:
        scalar: string
- name: io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry
  map:
    fields:
    - name: apiVersion
      type:
        scalar: string
    - name: fieldsType
      type:
        scalar: string
    - name: fieldsV1
      type:
        namedType: io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1
    - name: manager
      type:
        scalar: string
    - name: operation
      type:
        scalar: string
    - name: subresource
      type:
        scalar: string
    - name: time
      type:
        namedType: io.k8s.apimachinery.pkg.apis.meta.v1.Time
- name: io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1
  map:
    elementType:
      scalar: untyped
      list:
        elementType:
          namedType: __untyped_atomic_
        elementRelationship: atomic
      map:
        elementType:
          namedType: __untyped_deduced_
        elementRelationship: separable
- name: io.k8s.apimachinery.pkg.apis.meta.v1.Time
  scalar: untyped
- name: __untyped_deduced_
  scalar: untyped
  list:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
  map:
    elementType:
      namedType: __untyped_deduced_
    elementRelationship: separable
"""


def config_map_type_converter(scheme: runtime.Scheme) -> managedfields.TypeConverter:
    return managedfields.new_scheme_type_converter(scheme, typed.new_parser(CONFIG_MAP_TYPED_SCHEMA))


def _cm_tracker() -> tuple:
    scheme = runtime.new_scheme()
    scheme.add_known_types(CM_RESOURCE.group_version(), corev1.ConfigMap)
    codecs = new_codec_factory(scheme)
    o = testing.new_field_managed_object_tracker(scheme, codecs.universal_decoder(), config_map_type_converter(scheme))
    return o, testing.object_reaction(o)


def _apply_action(manager: str, patch: bytes, force=None, name: str = "cm-1", resource=CM_RESOURCE):
    opts = metav1.PatchOptions(fieldManager=manager)
    if force is not None:
        opts.force = force
    return testing.new_patch_action_with_options(resource, "default", name, types.ApplyPatchType, patch, opts)


def _entries(obj) -> list:
    """(manager, operation, apiVersion, subresource, fieldsV1) of each managed fields entry, in order."""
    return [
        (e.manager, e.operation, e.apiVersion, e.subresource, json.loads(e.fieldsV1.Raw))
        for e in obj.metadata.managedFields
    ]


# --- client-go's tests ---


def test_apply_create():
    _, reaction = _cm_tracker()
    patch = b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm-1"}, "data": {"k": "v"}}'
    handled, cm = reaction(_apply_action("test-manager", patch))
    assert handled
    assert isinstance(cm, corev1.ConfigMap)
    assert dict(cm.data) == {"k": "v"}
    assert _entries(cm) == [("test-manager", "Apply", "v1", "", {"f:data": {"f:k": {}}})]
    assert cm.metadata.namespace == "default"
    assert (cm.apiVersion, cm.kind) == ("v1", "ConfigMap")


def test_apply_no_meta():
    _, reaction = _cm_tracker()
    patch = b'{"apiVersion": "v1", "kind": "ConfigMap", "data": {"k": "v"}}'
    handled, cm = reaction(_apply_action("test-manager", patch))
    assert handled
    assert cm.metadata.name == "cm-1"
    assert dict(cm.data) == {"k": "v"}


def test_apply_update_multiple_field_managers():
    o, reaction = _cm_tracker()
    handled, _ = reaction(
        testing.new_create_action(
            CM_RESOURCE,
            "default",
            corev1.ConfigMap(
                apiVersion="v1", kind="ConfigMap", metadata=metav1.ObjectMeta(name="cm-1"), data={"k0": "v0"}
            ),
        )
    )
    assert handled

    # Apply with test-manager-1: data shared with the initial create.
    patch = b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm-1"}, "data": {"k1": "v1"}}'
    handled, cm = reaction(_apply_action("test-manager-1", patch))
    assert handled
    assert dict(cm.data) == {"k0": "v0", "k1": "v1"}
    assert _entries(cm) == [
        ("test-manager-1", "Apply", "v1", "", {"f:data": {"f:k1": {}}}),
        ("unknown", "Update", "v1", "", {"f:data": {".": {}, "f:k0": {}}}),
    ]

    # A conflicting apply by test-manager-2 fails.
    patch = b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm-1"}, "data": {"k1": "xyz"}}'
    with pytest.raises(errors.StatusError) as info:
        reaction(_apply_action("test-manager-2", patch))
    assert str(info.value) == 'Apply failed with 1 conflict: conflict with "test-manager-1": .data.k1'
    assert errors.is_conflict(info.value)
    status = info.value.status()
    assert status.code == 409 and status.reason == metav1.StatusReasonConflict
    assert [(c.reason, c.message, c.field) for c in status.details.causes] == [
        ("FieldManagerConflict", 'conflict with "test-manager-1"', ".data.k1")
    ]

    # test-manager-2 applies another key: the data is shared by all three.
    patch = b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm-1"}, "data": {"k2": "v2"}}'
    _, cm = reaction(_apply_action("test-manager-2", patch))
    assert dict(cm.data) == {"k0": "v0", "k1": "v1", "k2": "v2"}

    # test-manager-1 updates the key it owns.
    patch = b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm-1"}, "data": {"k1": "v101"}}'
    _, cm = reaction(_apply_action("test-manager-1", patch))
    assert dict(cm.data) == {"k0": "v0", "k1": "v101", "k2": "v2"}

    # A forced apply by test-manager-2 takes k1 and drops k2, which it no longer applies.
    patch = b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm-1"}, "data": {"k1": "v202"}}'
    _, cm = reaction(_apply_action("test-manager-2", patch, force=True))
    assert dict(cm.data) == {"k0": "v0", "k1": "v202"}
    assert _entries(cm) == [
        ("test-manager-2", "Apply", "v1", "", {"f:data": {"f:k1": {}}}),
        ("unknown", "Update", "v1", "", {"f:data": {".": {}, "f:k0": {}}}),
    ]

    # An update by test-manager-1 replaces the whole object.
    reaction = testing.object_reaction(o)
    handled, cm = reaction(
        testing.new_update_action_with_options(
            CM_RESOURCE,
            "default",
            corev1.ConfigMap(
                apiVersion="v1", kind="ConfigMap", metadata=metav1.ObjectMeta(name="cm-1"), data={"k99": "v99"}
            ),
            metav1.UpdateOptions(fieldManager="test-manager-1"),
        )
    )
    assert handled
    assert dict(cm.data) == {"k99": "v99"}
    # The creator keeps the map itself (".data"), as an API server's field manager leaves it. (Entries of one
    # operation are ordered by time in seconds, then manager: the two may be a second apart.)
    assert sorted(_entries(cm)) == [
        ("test-manager-1", "Update", "v1", "", {"f:data": {"f:k99": {}}}),
        ("unknown", "Update", "v1", "", {"f:data": {}}),
    ]


def test_managed_fields_object_tracker_reloads_scheme():
    scheme = runtime.new_scheme()
    codecs = new_codec_factory(scheme)
    tracker = testing.new_field_managed_object_tracker(
        scheme, codecs.universal_decoder(), config_map_type_converter(scheme)
    )
    cm = corev1.ConfigMap(metadata=metav1.ObjectMeta(name="test-cm"), data={"key": "value"})
    resource = GroupVersionResource("", "v1", "configmaps")
    # Not registered yet: the tracker cannot map the resource.
    with pytest.raises(Exception, match="no matches for /v1, Resource=configmaps"):
        tracker.create(resource, cm, "default", metav1.CreateOptions(fieldManager="test-manager"))
    scheme.add_known_types(resource.group_version(), corev1.ConfigMap)
    tracker.create(resource, cm, "default", metav1.CreateOptions(fieldManager="test-manager"))
    stored = tracker.get(resource, "default", "test-cm")
    assert _entries(stored) == [("test-manager", "Update", "v1", "", {"f:data": {".": {}, "f:key": {}}})]


def test_managed_fields_object_tracker_with_unstructured():
    resource = GroupVersionResource("", "v1", "configmaps")
    scheme = runtime.new_scheme()
    scheme.add_known_type_with_name(GroupVersionKind("", "v1", "ConfigMap"), unstructured.Unstructured)
    codecs = new_codec_factory(scheme)
    tracker = testing.new_field_managed_object_tracker(
        scheme, codecs.universal_decoder(), managedfields.new_deduced_type_converter()
    )
    cm = unstructured.Unstructured()
    cm.set_api_version("v1")
    cm.set_kind("ConfigMap")
    cm.set_name("test-cm")
    cm.set_namespace("default")
    unstructured.set_nested_map(cm.object, {"key": "value"}, "data")

    # Creating through apply.
    original = cm.deep_copy()
    tracker.apply(resource, cm, "default", metav1.PatchOptions(fieldManager="test-manager"))
    actual = tracker.get(resource, "default", cm.get_name())
    assert isinstance(actual, unstructured.Unstructured)
    managed = actual.object["metadata"]["managedFields"]
    # Deduced maps are owned as a whole as well as key by key.
    assert [(e["manager"], e["operation"], e["fieldsV1"]) for e in managed] == [
        ("test-manager", "Apply", {"f:data": {".": {}, "f:key": {}}})
    ]
    unstructured.remove_nested_field(actual.object, "metadata", "managedFields")
    assert actual.object == original.object

    # Updating through apply.
    unstructured.set_nested_map(actual.object, {"key": "value", "another-key": "another-value"}, "data")
    original = actual.deep_copy()
    tracker.apply(resource, actual, "default", metav1.PatchOptions(fieldManager="test-manager"))
    actual = tracker.get(resource, "default", cm.get_name())
    assert isinstance(actual, unstructured.Unstructured)
    unstructured.remove_nested_field(actual.object, "metadata", "managedFields")
    assert actual.object == original.object


# --- what the field manager chain adds ---


def test_objects_added_without_managed_fields_get_a_before_first_apply_manager():
    o, reaction = _cm_tracker()
    o.add(corev1.ConfigMap(metadata=metav1.ObjectMeta(name="cm-1", namespace="default"), data={"a": "1"}))
    patch = b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm-1"}, "data": {"b": "2"}}'
    _, cm = reaction(_apply_action("applier", patch, resource=CONFIGMAPS))
    assert dict(cm.data) == {"a": "1", "b": "2"}
    assert _entries(cm) == [
        ("applier", "Apply", "v1", "", {"f:data": {"f:b": {}}}),
        ("before-first-apply", "Update", "v1", "", {"f:data": {".": {}, "f:a": {}}}),
    ]
    # The first owner may be taken over only by force.
    patch = b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm-1"}, "data": {"a": "3"}}'
    with pytest.raises(errors.StatusError) as info:
        reaction(_apply_action("applier", patch, resource=CONFIGMAPS))
    assert str(info.value) == 'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a'


def test_an_object_with_a_uid_and_no_managed_fields_is_not_tracked_by_an_update():
    o, reaction = _cm_tracker()
    o.add(corev1.ConfigMap(metadata=metav1.ObjectMeta(name="cm-1", namespace="default", uid="u-1"), data={"a": "1"}))
    _, cm = reaction(
        testing.new_update_action_with_options(
            CONFIGMAPS,
            "default",
            corev1.ConfigMap(metadata=metav1.ObjectMeta(name="cm-1", namespace="default", uid="u-1"), data={"a": "2"}),
            metav1.UpdateOptions(fieldManager="editor"),
        )
    )
    assert dict(cm.data) == {"a": "2"}
    assert list(cm.metadata.managedFields) == []


def test_multiple_conflicts_are_grouped_by_manager_in_the_message():
    _, reaction = _cm_tracker()
    reaction(_apply_action("b-owner", b'{"apiVersion":"v1","kind":"ConfigMap","data":{"x":"1","y":"2"}}'))
    reaction(_apply_action("a-owner", b'{"apiVersion":"v1","kind":"ConfigMap","data":{"z":"3"}}'))
    with pytest.raises(errors.StatusError) as info:
        reaction(_apply_action("other", b'{"apiVersion":"v1","kind":"ConfigMap","data":{"x":"9","y":"9","z":"9"}}'))
    assert str(info.value) == (
        'Apply failed with 3 conflicts: conflicts with "a-owner":\n- .data.z\n'
        'conflicts with "b-owner":\n- .data.x\n- .data.y'
    )
    assert sorted((c.message, c.field) for c in info.value.status().details.causes) == [
        ('conflict with "a-owner"', ".data.z"),
        ('conflict with "b-owner"', ".data.x"),
        ('conflict with "b-owner"', ".data.y"),
    ]


def test_an_unchanged_reapply_keeps_the_object():
    o, reaction = _cm_tracker()
    patch = b'{"apiVersion":"v1","kind":"ConfigMap","data":{"x":"1"}}'
    _, first = reaction(_apply_action("m", patch))
    _, second = reaction(_apply_action("m", patch))
    assert second.data == first.data
    assert _entries(second) == _entries(first)


def test_bad_apply_requests():
    _, reaction = _cm_tracker()
    with pytest.raises(errors.StatusError) as info:
        reaction(_apply_action("m", b'{"apiVersion":"v1","kind":"Secret","data":{"x":"1"}}'))
    assert errors.is_bad_request(info.value)
    assert str(info.value) == "invalid object type: /v1, Kind=Secret"
    with pytest.raises(errors.StatusError) as info:
        reaction(_apply_action("m", b'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"managedFields":[]}}'))
    assert str(info.value) == "metadata.managedFields must be nil"
    with pytest.raises(
        ValueError,
        match=r"^error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
        r"array into Go value of type map\[string\]interface \{\}$",
    ):
        reaction(_apply_action("m", b"- a\n- b\n"))


def test_update_managers_beyond_ten_are_merged_into_ancient_changes():
    o, reaction = _cm_tracker()
    reaction(
        testing.new_create_action_with_options(
            CM_RESOURCE,
            "default",
            corev1.ConfigMap(metadata=metav1.ObjectMeta(name="cm-1"), data={"k0": "v"}),
            metav1.CreateOptions(fieldManager="m00"),
        )
    )
    for i in range(1, 12):
        cm = o.get(CM_RESOURCE, "default", "cm-1")
        cm.data[f"k{i}"] = "v"
        reaction(
            testing.new_update_action_with_options(
                CM_RESOURCE, "default", cm, metav1.UpdateOptions(fieldManager=f"m{i:02d}")
            )
        )
    cm = o.get(CM_RESOURCE, "default", "cm-1")
    managers = [e.manager for e in cm.metadata.managedFields]
    assert len(managers) == 10
    assert "ancient-changes" in managers
    ancient = next(e for e in cm.metadata.managedFields if e.manager == "ancient-changes")
    owned = json.loads(ancient.fieldsV1.Raw)["f:data"]
    # The oldest managers (same second: by name) were merged until ten were left.
    assert set(owned) >= {"f:k0", "f:k1"}
    assert {f"m{i:02d}" for i in range(11 - 8, 12)} <= set(managers)


def test_apply_patches_are_read_as_yaml_1_1_like_client_go():
    """go-yaml (what client-go's fake decodes apply patches with) reads ``on``/``yes``/``y`` as booleans; the
    key ``on`` becomes the string "true". PyYAML's safe_load gives the key True and the value "y" a str."""
    import yaml

    patch = b"apiVersion: v1\nkind: ConfigMap\ndata:\n  on: 'x'\n  plain: 'y'\n"
    assert yaml.safe_load(patch)["data"] == {True: "x", "plain": "y"}
    _, reaction = _cm_tracker()
    _, cm = reaction(_apply_action("m", patch))
    assert dict(cm.data) == {"true": "x", "plain": "y"}
    # An unquoted y is the boolean true for go-yaml, so it cannot be a ConfigMap value: the apply fails as in Go.
    with pytest.raises(
        ValueError,
        match=r"^failed to create typed patch object \(/cm-1; /v1, Kind=ConfigMap\): "
        r"\.data\.v: expected string, got &value\.valueUnstructured\{Value:true\}$",
    ):
        reaction(_apply_action("m", b"apiVersion: v1\nkind: ConfigMap\ndata:\n  v: y\n"))


def test_simple_tracker_apply_reads_yaml_1_1_too():
    from kubernetes_py.kubernetes import scheme

    o = testing.new_object_tracker(scheme.Scheme, scheme.Codecs.universal_decoder())
    react = testing.object_reaction(o)
    o.add(corev1.Pod(metadata=metav1.ObjectMeta(name="p", namespace="default")))
    apply = b"apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    x: y\n"
    pods = GroupVersionResource("", "v1", "pods")
    with pytest.raises(
        ValueError,
        match=r"^json: cannot unmarshal bool into Go struct field "
        r"ObjectMeta.metadata.labels of type string$",
    ):
        react(testing.new_patch_action(pods, "default", "p", types.ApplyPatchType, apply))


def test_version_check_of_the_apply_patch():
    _, reaction = _cm_tracker()
    with pytest.raises(errors.StatusError, match=r"^invalid object type: /v2, Kind=ConfigMap$"):
        reaction(_apply_action("m", b'{"apiVersion":"v2","kind":"ConfigMap"}'))
    assert GroupVersion("", "v1") == CM_RESOURCE.group_version()


def test_schema_data_is_the_generated_file():
    from kubernetes_py.applyconfigurations import internal

    doc = json.loads(pathlib.Path(internal.SCHEMA_PATH).read_text())
    assert doc["source"] == "k8s.io/client-go@v0.37.1/applyconfigurations/internal/internal.go"
    assert len(doc["types"]) == len(internal.parser().type_names()) > 900
