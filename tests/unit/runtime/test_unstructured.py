"""unstructured.Unstructured, its nested-field helpers (with Go's error texts) and the JSON scheme."""

import pytest

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured as u
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind


def obj():
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": "web",
            "namespace": "prod",
            "labels": {"app": "web", "n": None},
            "generation": 4,
            "creationTimestamp": "2024-01-02T03:04:05Z",
            "ownerReferences": [{"apiVersion": "v1", "kind": "X", "name": "o", "uid": "1", "controller": True}],
            "finalizers": ["f"],
        },
        "spec": {"replicas": 3, "ratio": 0.5, "paused": False, "selector": None, "args": ["a", "b"], "mixed": ["a", 1]},
    }


def test_nested_getters():
    o = obj()
    assert u.nested_string(o, "metadata", "name") == ("web", True)
    assert u.nested_string(o, "metadata", "missing") == ("", False)
    assert u.nested_int64(o, "spec", "replicas") == (3, True)
    assert u.nested_float64(o, "spec", "ratio") == (0.5, True)
    assert u.nested_bool(o, "spec", "paused") == (False, True)
    assert u.nested_string_slice(o, "spec", "args") == (["a", "b"], True)
    assert u.nested_number_as_float64(o, "spec", "replicas") == (3.0, True)
    assert u.nested_field_no_copy(o, "spec", "selector", "x") == (None, False)  # through a null
    m, found = u.nested_map(o, "metadata")
    m["name"] = "changed"
    assert found and o["metadata"]["name"] == "web"  # a copy
    assert u.nested_null_coercing_string_map(o, "metadata", "labels") == ({"app": "web", "n": ""}, True)


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda o: u.nested_string(o, "spec", "replicas"),
            ".spec.replicas accessor error: 3 is of the type int64, expected string",
        ),
        (
            lambda o: u.nested_int64(o, "spec", "ratio"),
            ".spec.ratio accessor error: 0.5 is of the type float64, expected int64",
        ),
        (
            lambda o: u.nested_bool(o, "metadata", "labels"),
            ".metadata.labels accessor error: map[app:web n:<nil>] is of the type map[string]interface {}, "
            "expected bool",
        ),
        (
            lambda o: u.nested_string(o, "spec", "args", "x"),
            ".spec.args.x accessor error: [a b] is of the type []interface {}, expected map[string]interface{}",
        ),
        (
            lambda o: u.nested_string_slice(o, "spec", "mixed"),
            ".spec.mixed accessor error: contains non-string key in the slice: 1 is of the type int64, expected string",
        ),
        (
            lambda o: u.nested_string_map(o, "metadata", "labels"),
            '.metadata.labels accessor error: contains non-string value in the map under key "n": <nil> is of '
            "the type <nil>, expected string",
        ),
        (
            lambda o: u.nested_slice(o, "metadata", "name"),
            ".metadata.name accessor error: web is of the type string, expected []interface{}",
        ),
        (
            lambda o: u.set_nested_field(o, 1, "metadata", "name", "x"),
            "value cannot be set because .metadata.name is not a map[string]interface{}",
        ),
    ],
)
def test_nested_type_errors(call, message):
    with pytest.raises(u.FieldTypeError) as info:
        call(obj())
    assert str(info.value) == message


def test_setters_and_remove():
    o = {}
    u.set_nested_field(o, {"a": [1]}, "spec", "template")
    u.set_nested_string_slice(o, ["x"], "spec", "args")
    u.set_nested_string_map(o, {"k": "v"}, "metadata", "labels")
    assert o == {"spec": {"template": {"a": [1]}, "args": ["x"]}, "metadata": {"labels": {"k": "v"}}}
    u.remove_nested_field(o, "spec", "template", "a")
    u.remove_nested_field(o, "nothing", "here")
    assert o["spec"]["template"] == {}
    with pytest.raises(TypeError, match="cannot deep copy object"):
        u.set_nested_field(o, object(), "x")


def test_accessors():
    x = u.Unstructured(obj())
    assert (x.get_name(), x.get_namespace(), x.get_generation()) == ("web", "prod", 4)
    assert x.group_version_kind() == GroupVersionKind("apps", "v1", "Deployment")
    assert x.get_labels() == {"app": "web", "n": ""}
    assert x.get_creation_timestamp().seconds == 1704164645
    assert x.get_deletion_timestamp() is None
    refs = x.get_owner_references()
    assert [(r.kind, r.name, r.controller, r.HasField("blockOwnerDeletion")) for r in refs] == [("X", "o", True, False)]
    x.set_name("")
    assert "name" not in x.object["metadata"]
    x.set_labels(None)
    assert "labels" not in x.object["metadata"]
    x.set_creation_timestamp(metav1.Time())
    assert "creationTimestamp" not in x.object["metadata"]
    x.set_deletion_timestamp(metav1.Time(seconds=0))
    assert x.object["metadata"]["deletionTimestamp"] == "1970-01-01T00:00:00Z"
    x.set_group_version_kind(GroupVersionKind("", "v1", "Pod"))
    assert (x.get_api_version(), x.get_kind()) == ("v1", "Pod")
    x.set_managed_fields([metav1.ManagedFieldsEntry(manager="m", operation="Apply")])
    assert x.object["metadata"]["managedFields"] == [{"manager": "m", "operation": "Apply"}]
    assert [e.manager for e in x.get_managed_fields()] == ["m"]
    empty = u.Unstructured()
    assert empty.get_name() == "" and empty.unstructured_content() == {}
    empty.set_namespace("ns")
    assert empty.object == {"metadata": {"namespace": "ns"}}


def test_lists():
    x = u.Unstructured({"kind": "List", "items": [{"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}]})
    assert x.is_list()
    names = []
    x.each_list_item(lambda item: names.append(item.get_name()))
    assert names == ["a", "b"]
    lst = x.to_list()
    assert [i.get_name() for i in lst.items] == ["a", "b"]
    with pytest.raises(ValueError, match="content is not a list"):
        u.Unstructured({"kind": "Pod"}).each_list_item(lambda i: None)
    with pytest.raises(ValueError, match=r"items member is not an object: string"):
        u.Unstructured({"items": ["x"]}).each_list_item(lambda i: None)
    ul = u.UnstructuredList()
    ul.set_unstructured_content({"kind": "PodList", "items": [{"metadata": {"name": "p"}}, "junk"]})
    assert [i.get_name() for i in ul.items] == ["p"]
    assert ul.unstructured_content() == {"kind": "PodList", "items": [{"metadata": {"name": "p"}}]}
    copy = ul.deep_copy()
    copy.items[0].set_name("q")
    assert ul.items[0].get_name() == "p"


def test_json_scheme():
    obj_, gvk = u.UnstructuredJSONScheme.decode(
        b'{"apiVersion":"v1","kind":"PodList","items":[{"metadata":{}}],"big":12345678901234567890}'
    )
    assert isinstance(obj_, u.UnstructuredList) and gvk == GroupVersionKind("", "v1", "PodList")
    assert obj_.items[0].get_kind() == "Pod" and obj_.items[0].get_api_version() == "v1"
    assert obj_.object["big"] == 1.2345678901234567e19  # beyond int64: a float, as Go decodes it
    with pytest.raises(ValueError, match="Object 'Kind' is missing"):
        u.UnstructuredJSONScheme.decode(b'{"apiVersion":"v1"}')
    with pytest.raises(ValueError, match="unable to parse JSON: Expecting value"):
        u.UnstructuredJSONScheme.decode(b'{"a":}')
    assert u.Unstructured({"b": 1, "a": "<"}).marshal_json() == b'{"a":"\\u003c","b":1}\n'
