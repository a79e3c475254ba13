"""kubernetes_py._smd.fieldpath: structured-merge-diff's fieldpath tests (serialize-pe_test.go, serialize_test.go,
path_test.go): path elements to and from their FieldsV1 keys, sets to and from FieldsV1 JSON (golden data,
normalisation, errors, unknown element kinds dropped), and the text of paths."""

from __future__ import annotations

import random

import pytest

from kubernetes_py._smd import fieldpath
from kubernetes_py._smd.fieldpath import (
    ErrUnknownPathElementType,
    Set,
    deserialize_path_element,
    field_name_element,
    index_element,
    key_by_fields,
    key_element,
    make_path,
    serialize_path_element,
    value_element,
)
from kubernetes_py._smd.value import Field

ROUND_TRIP = [
    ("i:0", index_element(0)),
    ("i:1234", index_element(1234)),
    ("f:", field_name_element("")),
    ("f:spec", field_name_element("spec")),
    ("f:more-complicated-string", field_name_element("more-complicated-string")),
    ("f: string-with-spaces   ", field_name_element(" string-with-spaces   ")),
    ('k:{"name":"my-container"}', key_element(Field("name", "my-container"))),
    ('k:{"name":"   name with spaces   "}', key_element(Field("name", "   name with spaces   "))),
    ('k:{"port":"8080","protocol":"TCP"}', key_element(Field("port", "8080"), Field("protocol", "TCP"))),
    ('k:{"optionalField":null}', key_element(Field("optionalField", None))),
    (
        'k:{"jsonField":{"A":1,"B":null,"C":"D","E":{"F":"G"}}}',
        key_element(Field("jsonField", {"A": 1.0, "B": None, "C": "D", "E": {"F": "G"}})),
    ),
    ('k:{"listField":["1","2","3"]}', key_element(Field("listField", ["1", "2", "3"]))),
    ("v:null", value_element(None)),
    ('v:"some-string"', value_element("some-string")),
    ("v:1234", value_element(1234.0)),
    ('v:{"some":"json"}', value_element({"some": "json"})),
    ('v:{"some":" some  with spaces  "}', value_element({"some": " some  with spaces  "})),
    ('k:{"name":"app-🚀"}', key_element(Field("name", "app-🚀"))),
    ('k:{"name":"app with-unicøde"}', key_element(Field("name", "app with-unicøde"))),
    ('k:{"name":"你好世界"}', key_element(Field("name", "你好世界"))),
    ('k:{"name":"Привет, мир"}', key_element(Field("name", "Привет, мир"))),
    ('k:{"name":"👋"}', key_element(Field("name", "👋"))),
    ("f:spec-🚀", field_name_element("spec-🚀")),
    ("f:spec-\\n", field_name_element("spec-\\n")),
]


@pytest.mark.parametrize("text,pe", ROUND_TRIP, ids=[t for t, _ in ROUND_TRIP])
def test_path_element_round_trip(text, pe):
    got = deserialize_path_element(text)
    assert got == pe
    assert serialize_path_element(got) == text


def test_path_element_ignore_unknown():
    with pytest.raises(type(ErrUnknownPathElementType)):
        deserialize_path_element("r:Hello")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no-colon",
        "i:index is not a number",
        "i:1.23",
        "i:",
        "v:invalid json",
        "v:",
        "k:invalid json",
        'k:{"name":invalid}',
        'v:{"some":" \\x41"}',
        "v",
        "k",
        "f",
        "i",
        'v:{"a":"b"',
        'k:{"a":"b"',
        "i: 0",
        "i:0 ",
        'v:{"some":"json"} {"other":"json"}',
        'k:{"name":"my-container"} {"other":"my-container"}',
        'v:{"some":"json"} {"other":"json"',
        'k:{"name":"my-container"} {"other":"my-container"',
        'v:{"some":"json"} garbage',
        'k:{"name":"my-container"} garbage',
    ],
)
def test_deserialize_path_element_error(text):
    with pytest.raises(ValueError):
        deserialize_path_element(text)


@pytest.mark.parametrize(
    "text,pe",
    [
        ('v: {"some":"json"}', value_element({"some": "json"})),
        ('k: {"name":"my-container"}', key_element(Field("name", "my-container"))),
        ('v:{"some":"json"} ', value_element({"some": "json"})),
        ('k:{"name":"my-container"} ', key_element(Field("name", "my-container"))),
        ('k:{"name\\u002dcontainer":"my-container"}', key_element(Field("name-container", "my-container"))),
        ('k:{"name\\nwith\\nnewlines":"my-container"}', key_element(Field("name\nwith\nnewlines", "my-container"))),
        ('k:{"name\\"quoted\\"":"my-container"}', key_element(Field('name"quoted"', "my-container"))),
        ('k:{"name-\\ud83d\\ude80":"my-container"}', key_element(Field("name-🚀", "my-container"))),
        ('k:{"\\u4f60\\u597d":"\\u4e16\\u754c"}', key_element(Field("你好", "世界"))),
        ('v:"value\\u002dcontainer"', value_element("value-container")),
        ('v:"value\\nwith\\nnewlines"', value_element("value\nwith\nnewlines")),
        ('v:"value\\"quoted\\""', value_element('value"quoted"')),
        ('v:"value-\\ud83d\\ude80"', value_element("value-🚀")),
        ('k:{"name-🚀":"my-container"}', key_element(Field("name-🚀", "my-container"))),
        ('v:"value-🚀"', value_element("value-🚀")),
    ],
)
def test_deserialize_path_element_success(text, pe):
    assert deserialize_path_element(text) == pe


GOLDEN = [
    r'{"f:aaa":{},"f:aab":{},"f:aac":{},"f:aad":{},"f:aae":{},"f:aaf":{},"k:{\"name\":\"first\"}":{},"k:{\"name\":\"second\"}":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{},"k:{\"port\":443,\"protocol\":\"udp\"}":{},"v:1":{},"v:2":{},"v:3":{},"v:\"aa\"":{},"v:\"ab\"":{},"v:true":{},"i:1":{},"i:2":{},"i:3":{},"i:4":{}}',  # noqa: E501
    r'{"f:aaa":{"k:{\"name\":\"second\"}":{"v:3":{"f:aab":{}}},"v:3":{},"v:true":{}},"f:aab":{"f:aaa":{},"f:aaf":{"k:{\"port\":443,\"protocol\":\"udp\"}":{"k:{\"port\":443,\"protocol\":\"tcp\"}":{}}},"k:{\"name\":\"first\"}":{}},"f:aac":{"f:aaa":{"v:1":{}},"f:aac":{},"v:3":{"k:{\"name\":\"second\"}":{}}},"f:aad":{"f:aac":{"v:1":{}},"f:aaf":{"k:{\"name\":\"first\"}":{"k:{\"name\":\"first\"}":{}}},"i:1":{"i:1":{},"i:3":{"v:true":{}}}},"f:aae":{"f:aae":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{"k:{\"port\":443,\"protocol\":\"udp\"}":{}},"i:4":{"f:aaf":{}}},"f:aaf":{"i:1":{"f:aac":{}},"i:2":{},"i:3":{}},"k:{\"name\":\"first\"}":{"f:aad":{"f:aaf":{}}},"k:{\"port\":443,\"protocol\":\"tcp\"}":{"f:aaa":{"f:aad":{}}},"k:{\"port\":443,\"protocol\":\"udp\"}":{"f:aac":{},"k:{\"name\":\"first\"}":{"i:3":{}},"k:{\"port\":443,\"protocol\":\"udp\"}":{"i:4":{}}},"v:1":{"f:aac":{"i:4":{}},"f:aaf":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{}},"v:2":{"f:aad":{"f:aaf":{}},"i:1":{}},"v:3":{"f:aaa":{},"k:{\"name\":\"first\"}":{},"i:2":{}},"v:\"aa\"":{"f:aab":{"f:aaf":{}},"f:aae":{},"k:{\"name\":\"first\"}":{"f:aad":{}},"i:2":{}},"v:\"ab\"":{"f:aaf":{"i:4":{}},"k:{\"port\":443,\"protocol\":\"tcp\"}":{},"k:{\"port\":443,\"protocol\":\"udp\"}":{},"v:1":{"k:{\"port\":443,\"protocol\":\"udp\"}":{}},"i:1":{"f:aae":{"i:4":{}}}},"v:true":{"k:{\"name\":\"second\"}":{"f:aaa":{}},"i:2":{"k:{\"port\":443,\"protocol\":\"tcp\"}":{}}},"i:1":{"i:3":{"f:aaf":{}}},"i:2":{"f:aae":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{"v:1":{}}},"i:3":{"f:aab":{"v:true":{"v:\"aa\"":{}}},"f:aaf":{},"i:1":{}},"i:4":{"v:\"aa\"":{"f:aab":{"k:{\"name\":\"second\"}":{}}}}}',  # noqa: E501
    '{"f:spec":{".":{},"f:apps":{".":{},"k:{\\"name\\":\\" app-💻\\"}":{".":{},"f:container":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\\"name\\":\\"port 🔑\\"}":{".":{},"f:containerPort":{},"f:name":{}}}},"f:name":{}},"k:{\\"name\\":\\" app-🚀\\"}":{".":{},"f:container":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\\"name\\":\\"port-✅ \\"}":{".":{},"f:containerPort":{},"f:name":{}}}},"f:name":{}}}}}',  # noqa: E501
]


@pytest.mark.parametrize("text", GOLDEN)
def test_serialize_v1_golden_data(text):
    s = Set()
    s.from_json(text)
    assert s.to_json().decode() == text


def test_deserialize_non_normalized():
    text = """{
  "f:aad": {}, "f:aaa": {}, "f:aab": {}, "f:aac": {}, "f:aae": {}, "f:aaf": {},
  "k:{\\"name\\":\\"first\\"}": {}, "k:{\\"name\\":\\"second\\"}": {},
  "k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}": {}, "k:{ \\"protocol\\":\\"udp\\",\\"port\\":443}": {},
  "v:1": {}, "v:2": {}, "v: 3": {}, "v:\\"aa\\"": {}, "v:\\"ab\\"": {}, "v:true": {},
  "i:1": {}, \t"i:2": {}, "i:3": {}  , "i:4":    {}
}"""
    s = Set()
    s.from_json(text)
    assert s.to_json().decode() == GOLDEN[0]


def _random_path(rng: random.Random) -> tuple:
    elements = (
        [field_name_element(n) for n in ("aaa", "aab", "aac", "aad", "aae", "aaf")]
        + [
            key_element(Field("name", "first")),
            key_element(Field("name", "second")),
            PathKey(443, "tcp"),
            PathKey(443, "udp"),
            value_element(1),
            value_element(2),
            value_element(3),
            value_element("aa"),
            value_element("ab"),
            value_element(True),
        ]
        + [index_element(i) for i in range(1, 5)]
    )
    return tuple(rng.choice(elements) for _ in range(rng.randint(2, 5)))


def PathKey(port: int, protocol: str) -> fieldpath.PathElement:  # noqa: N802 - Go's test helper shape
    return fieldpath.PathElement(key=key_by_fields("port", port, "protocol", protocol))


def test_serialize_v1_round_trips_random_sets():
    rng = random.Random(1)
    for _ in range(150):
        s = fieldpath.new_set(*(_random_path(rng) for _ in range(50)))
        again = Set()
        again.from_json(s.to_json())
        assert again.equals(s), s.to_json()
        assert again.to_json() == s.to_json()


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        "42",
        '"hi"',
        "",
        "   ",
        "{1:{}}",
        '{"f:a":{},}',
        '{"f:a" }:{}}',
        '{"f:a":}',
        '{"f:a":1}',
        '{"f:a":[]}',
        '{"f:a":[}',
        '{"f:a":{]}',
        '{"f:a":{},,"f:b":{}}',
        '{"f:a":{} "f:b":{}}',
        '{"f:a"::{}}',
        "{:1}",
        '{"f:a"}',
        '{"f:a":{,}}',
        "}",
        '{"":{}}',
        '{"x":{}}',
        '{":":{}}',
        "{",
        '{"f:a":{}',
        '{"f:a":{},',
        '{"',
        '{"f',
        '{"f:',
        '{"f:a',
        '{"f:a"',
        '{"f:a":',
        '{"f:a":{',
        '{"f:a":{"f:b"',
        '{"f:a":{"f:b":',
        '{"f:a":{"f:b":{}',
        '{"f:a":{"f:b":{},',
        '{"f:a\\',
        '{"f:\\u00',
        '{"f:a":{}, "f',
        '{"f:a":{}, "f:b',
        '{"f:a":{}}}',
        '{"f:a":{}}{}',
        '{"f:a":{}}"string"',
        '{"f:a":{}}42',
        '{"f:a":{}}  }',
        '{"f:a":{}}  {}',
        '{"f:a":{}}  "x"',
        '{"f:a":{}}\n42',
    ],
)
def test_set_from_json_errors(text):
    with pytest.raises(ValueError):
        Set().from_json(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"f:a":{}} ',
        '{"f:a":{}}\t',
        '{"f:a":{}}\n',
        '{"f:a":{}}\r',
        ' \t\n\r {"f:a":{}}',
        "  {}  ",
        '{ "f:a" : {} }',
        '{\n\t"f:a":{}}',
        '{"f:a":     {}}',
        "null",
        " null ",
    ],
)
def test_set_from_json_accepts(text):
    Set().from_json(text)


def test_drop_unknown():
    s = Set()
    s.from_json('{"f:aaa":{},"r:aab":{}}')
    assert s.to_json() == b'{"f:aaa":{}}'


@pytest.mark.parametrize(
    "path,text",
    [
        (make_path("foo", 1), ".foo[1]"),
        (make_path("foo", "bar", 1, "baz"), ".foo.bar[1].baz"),
        (make_path("foo", key_by_fields("a", "b", "c", 1, "d", 1.5, "e", True)), '.foo[a="b",c=1,d=1.5,e=true]'),
        (
            make_path("foo", value_element("b"), value_element(5), value_element(False), value_element(3.14159)),
            '.foo[="b"][=5][=false][=3.14159]',
        ),
        (make_path("spec"), ".spec"),
        (
            make_path("spec", "apps", key_by_fields("name", "app-🚀"), "container", "image"),
            '.spec.apps[name="app-🚀"].container.image',
        ),
        (make_path("spec", "field with space"), ".spec.field with space"),
        (
            make_path("spec", "apps", value_element('app with "quotes"'), "container", "image"),
            '.spec.apps[="app with \\"quotes\\""].container.image',
        ),
        (
            make_path("spec", "apps", value_element("app-with-unicøde"), "container", "image"),
            '.spec.apps[="app-with-unicøde"].container.image',
        ),
    ],
)
def test_path_string(path, text):
    assert str(path) == text


def test_set_iterates_members_before_children_as_go_does():
    s = fieldpath.new_set(make_path("z"), make_path("b", "c"), make_path("a"), make_path("b"))
    assert [str(p) for p in s.iterate()] == [".a", ".b", ".z", ".b.c"]
    assert str(s) == ".a\n.b\n.z\n.b.c"


def test_set_operations_keep_go_structure():
    a = fieldpath.new_set(make_path("a", "x"), make_path("a", "y"), make_path("b"))
    b = fieldpath.new_set(make_path("a", "x"), make_path("b", "c"))
    assert a.union(b).to_json() == b'{"f:a":{"f:x":{},"f:y":{}},"f:b":{".":{},"f:c":{}}}'
    assert a.intersection(b).to_json() == b'{"f:a":{"f:x":{}}}'
    assert a.difference(b).to_json() == b'{"f:a":{"f:y":{}},"f:b":{}}'
    # The member .b removes everything below it.
    assert (
        fieldpath.new_set(make_path("b", "c"), make_path("d"))
        .recursive_difference(fieldpath.new_set(make_path("b")))
        .to_json()
        == b'{"f:d":{}}'
    )
    assert a.leaves().to_json() == b'{"f:a":{"f:x":{},"f:y":{}},"f:b":{}}'
    assert a.has(make_path("a", "x")) and not a.has(make_path("a")) and a.size() == 3
