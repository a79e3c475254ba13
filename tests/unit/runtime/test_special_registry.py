"""A special type is one codec (kubernetes_py.apimachinery.runtime._special): a toy type registered through the
registry alone goes through every path of the codec, the C extension's included.

The toy: Go type example.com/toy/v1.Toy, message {text}, JSON a string "toy:<text>" (its own MarshalJSON), always
carrying text in protobuf (a non-pointer field); Holder has it as a field, a pointer, a list and a map value."""

import json
import linecache

import pytest
from google.protobuf import descriptor_pb2, message_factory

from kubernetes_py import _schema
from kubernetes_py._go import json as _gojson
from kubernetes_py._schema.gotypes import GoField, GoType
from kubernetes_py.apimachinery.runtime import _gozero, _jsonaccel, _jsonconv, _special

TOY, HOLDER = "example.com/toy/v1.Toy", "example.com/toy/v1.Holder"


class ToyCodec(_special.SpecialCodec):
    go_name = TOY
    zero_fields = ("text",)

    def fast(self, v):
        if v.__class__ is str and v.startswith("toy:"):
            return {"text": v[4:]}
        if v is None:
            return None
        raise _special.Fallback

    def check(self, checker, v):
        if not isinstance(v, str):
            raise checker.type_error(v, "string")
        if not v.startswith("toy:"):
            raise ValueError(f"a toy is written toy:<text>, not {v!r}")
        return {"text": v[4:]}

    def encode(self, m):
        return "toy:" + m.text


def _messages():
    f = descriptor_pb2.FileDescriptorProto(
        name="kubernetes_py_test_toy.proto", package="kubernetes_py.toy", syntax="proto2"
    )
    t = descriptor_pb2.FieldDescriptorProto
    toy = f.message_type.add(name="Toy")
    toy.field.add(name="text", number=1, type=t.TYPE_STRING, label=t.LABEL_OPTIONAL)
    holder = f.message_type.add(name="Holder")
    entry = holder.nested_type.add(name="ByNameEntry")
    entry.options.map_entry = True
    entry.field.add(name="key", number=1, type=t.TYPE_STRING, label=t.LABEL_OPTIONAL)
    entry.field.add(
        name="value", number=2, type=t.TYPE_MESSAGE, label=t.LABEL_OPTIONAL, type_name=".kubernetes_py.toy.Toy"
    )
    holder.field.add(name="name", number=1, type=t.TYPE_STRING, label=t.LABEL_OPTIONAL)
    for name, number, label in (
        ("toy", 2, t.LABEL_OPTIONAL),
        ("ptr", 3, t.LABEL_OPTIONAL),
        ("items", 4, t.LABEL_REPEATED),
    ):
        holder.field.add(name=name, number=number, type=t.TYPE_MESSAGE, label=label, type_name=".kubernetes_py.toy.Toy")
    holder.field.add(
        name="byName",
        number=5,
        type=t.TYPE_MESSAGE,
        label=t.LABEL_REPEATED,
        type_name=".kubernetes_py.toy.Holder.ByNameEntry",
    )
    _schema.POOL.Add(f)
    return {
        name: message_factory.GetMessageClass(_schema.POOL.FindMessageTypeByName(f"kubernetes_py.toy.{name}"))
        for name in ("Toy", "Holder")
    }


def _go_types():
    def field(name, json_name, go, kind, number, omitempty=False):
        return GoField(
            name=name,
            json=json_name,
            type=go,
            kind=kind,
            proto=json_name,
            proto_number=number,
            json_options=("omitempty",) if omitempty else (),
        )

    toy = GoType(
        name=TOY,
        kind="struct",
        fields=(field("Text", "text", "string", "string", 1),),
        marshal_json="value",
        unmarshal_json=True,
        proto="kubernetes_py.toy.Toy",
    )
    holder = GoType(
        name=HOLDER,
        kind="struct",
        proto="kubernetes_py.toy.Holder",
        fields=(
            field("Name", "name", "string", "string", 1),
            field("Toy", "toy", TOY, "struct", 2),
            field("Ptr", "ptr", "*" + TOY, "pointer", 3, omitempty=True),
            field("Items", "items", "[]" + TOY, "slice", 4, omitempty=True),
            field("ByName", "byName", "map[string]" + TOY, "map", 5, omitempty=True),
        ),
    )
    return toy, holder


@pytest.fixture(scope="module")
def holder_cls():
    """The toy's schema (what `make generate` would add) and its codec: the codec is all the code there is."""
    classes = _messages()
    registry = _jsonconv._registry()
    for gt in _go_types():
        registry._gt.types[gt.name] = gt
        registry._by_message[gt.proto] = gt.name
        _schema._CLASSES[gt.proto] = classes[gt.proto.rsplit(".", 1)[1]]
    _special.register(ToyCodec())
    yield classes["Holder"]
    _special.unregister(TOY)
    for gt in _go_types():  # the schema as it was (the registry's caches keep the toy's own entries only)
        del registry._gt.types[gt.name], registry._by_message[gt.proto], _schema._CLASSES[gt.proto]


VALUE = {"name": "h", "toy": "toy:a", "ptr": "toy:b", "items": ["toy:c", "toy:"], "byName": {"k": "toy:d"}}


def _want(holder_cls):
    m = holder_cls(name="h")
    m.toy.text, m.ptr.text = "a", "b"
    m.items.add(text="c")
    m.items.add(text="")
    m.byName["k"].text = "d"
    return m


def test_the_decoders_read_the_toy(holder_cls):
    want = _want(holder_cls)
    assert _jsonconv.decode(holder_cls, json.loads(json.dumps(VALUE))) == want  # fast path
    assert _jsonconv.decode(holder_cls, json.loads(json.dumps(VALUE)), strict=True) == (want, [])  # checking path
    assert _jsonconv.decode(holder_cls, {"toy": "toy:x", "extra": 1}, strict=True)[1] == ['unknown field "extra"']


def test_the_checking_decoder_reports_the_codecs_errors_at_their_place(holder_cls):
    with pytest.raises(_jsonconv.UnmarshalTypeError) as err:
        _jsonconv.decode(holder_cls, {"toy": 5})
    assert str(err.value) == "json: cannot unmarshal number into Go struct field Holder.toy of type string"
    with pytest.raises(_jsonconv.UnmarshalTypeError) as err:
        _jsonconv.decode(holder_cls, {"items": ["toy:a", "nope"]})
    assert str(err.value) == "items: a toy is written toy:<text>, not 'nope'"


def test_the_encoder_writes_the_toy(holder_cls):
    assert _jsonconv.encode(_want(holder_cls)) == VALUE
    assert _jsonconv.encode(holder_cls()) == {"name": "", "toy": "toy:"}  # ptr, items, byName: omitempty


def test_go_zero_fields_python_and_c(holder_cls):
    m = holder_cls(name="h")
    m.items.add()
    filled = holder_cls()
    filled.CopyFrom(m)
    _gozero.fill_go_zero_fields(filled)
    assert filled.toy.HasField("text") and filled.items[0].HasField("text") and not filled.HasField("ptr")
    python = _gozero._python_go_protobuf_bytes(m)
    assert python == filled.SerializeToString(deterministic=True)
    if _jsonaccel.AVAILABLE:
        assert _gozero._c_go_protobuf_bytes(m) == python


@pytest.mark.skipif(not _jsonaccel.AVAILABLE, reason="the C extension is not built")
def test_the_c_paths_take_the_toy_from_its_codec(holder_cls):
    data = json.dumps(VALUE, separators=(",", ":")).encode()
    encoded = _jsonaccel.transcode(holder_cls, data)
    assert encoded is not None and holder_cls.FromString(encoded) == _want(holder_cls)
    assert _jsonaccel.transcode(holder_cls, b'{"toy":"nope"}') is None  # the codec's Fallback: left to Python
    assert _jsonaccel.to_json(_want(holder_cls)) == _gojson.dumps(VALUE)


def test_generated_code_shows_its_lines_in_tracebacks(holder_cls):
    _jsonconv.encode(holder_cls())
    lines = linecache.getlines(f"<json encoder of {HOLDER}>")
    assert lines[0] == "def encode(m):\n" and any("'toy'" in line for line in lines)
