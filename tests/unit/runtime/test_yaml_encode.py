"""The YAML serializer writes what client-go's writes (sigs.k8s.io/yaml JSONToYAML over go-yaml v2).

The expected bytes were printed by runtime.Encode with json.NewSerializerWithOptions(..., Yaml: true) of
apimachinery v0.37.1 for the same ConfigMap."""

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.kubernetes import scheme

YAML = {i.media_type: i for i in scheme.Codecs.supported_media_types()}["application/yaml"]

GO_BYTES = (
    b"apiVersion: v1\n"
    b"data:\n"
    b"  long: aaaaaaaaaa bbbbbbbbbbbbbbbbbbbb cccccccccccccccccccc dddddddddddddddddddddd\n"
    b"    eeeeeeeeeeeeeeeeeee ffffffffffff\n"
    b"  multi: |-\n"
    b"    a\n"
    b"    b\n"
    b'  "y": "n"\n'
    b"kind: ConfigMap\n"
    b"metadata: {}\n"
)


def config_map() -> corev1.ConfigMap:
    return corev1.ConfigMap(
        apiVersion="v1",
        kind="ConfigMap",
        data={
            "y": "n",
            "multi": "a\nb",
            "long": "aaaaaaaaaa bbbbbbbbbbbbbbbbbbbb cccccccccccccccccccc dddddddddddddddddddddd eeeeeeeeeeeeeeeeeee "
            "ffffffffffff",
        },
    )


def test_yaml_encoding_matches_client_go_bytes():
    # go-yaml quotes strings that would read back as booleans ("y", "n"), writes multi-line strings in the
    # literal style and folds plain scalars at 80 columns.
    assert runtime.encode(YAML.serializer, config_map()) == GO_BYTES


def test_yaml_encoding_round_trips():
    obj, _ = YAML.serializer.decode(GO_BYTES)
    assert dict(obj.data) == dict(config_map().data)
