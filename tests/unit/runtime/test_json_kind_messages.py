"""encoding/json's "cannot unmarshal <kind>" messages in the decoders that share _go.json.go_json_kind."""

import pytest

from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured, UnstructuredJSONScheme
from kubernetes_py.apimachinery.runtime.serializer import json as sjson
from kubernetes_py.apimachinery.version import Info
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools.clientcmd.api import latest

JSON = {i.media_type: i for i in scheme.Codecs.supported_media_types()}["application/json"]
_TYPE_META = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }'


@pytest.mark.parametrize("data, kind", [(b"[1]", "array"), (b'"x"', "string"), (b"1.5", "number"), (b"true", "bool")])
def test_meta_factory_names_the_json_kind(data, kind):
    with pytest.raises(ValueError) as info:
        sjson.DefaultMetaFactory.interpret(data)
    assert str(info.value) == (
        f"couldn't get version/kind; json parse error: json: cannot unmarshal {kind} into Go value of type {_TYPE_META}"
    )


def test_meta_factory_kind_of_a_field():
    with pytest.raises(ValueError) as info:
        sjson.DefaultMetaFactory.interpret(b'{"apiVersion": "v1", "kind": {"a": 1}}')
    assert str(info.value) == (
        "couldn't get version/kind; json parse error: json: cannot unmarshal object "
        "into Go struct field .kind of type string"
    )


def test_null_into_unstructured_is_a_null_kind():
    with pytest.raises(ValueError) as info:
        JSON.serializer.decode(b"null", None, Unstructured())
    assert str(info.value) == "json: cannot unmarshal null into Go value of type map[string]interface {}"


def test_unstructured_scheme_and_version_info():
    with pytest.raises(ValueError) as info:
        UnstructuredJSONScheme.decode(b"[]", None, None)
    assert str(info.value) == "json: cannot unmarshal array into Go value of type map[string]interface {}"
    with pytest.raises(ValueError) as info:
        Info.from_json_dict({"major": 1})
    assert str(info.value) == "json: cannot unmarshal number into Go struct field Info.major of type string"
    with pytest.raises(ValueError) as info:
        Info.from_json_dict(None)
    assert str(info.value) == "json: cannot unmarshal null into Go value of type version.Info"


def test_kubeconfig_kinds():
    with pytest.raises(ValueError) as info:
        latest.Codec.decode(b"- a\n")
    assert str(info.value) == (
        f"couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type {_TYPE_META}"
    )
    with pytest.raises(ValueError) as info:
        latest.Codec.decode(b"apiVersion: v1\nkind: Config\nclusters: {a: 1}\n")
    assert str(info.value) == (
        "json: cannot unmarshal object into Go struct field Config.clusters of type []v1.NamedCluster"
    )
