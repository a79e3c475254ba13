"""util/jsonpath: jsonpath_test.go and parser_test.go ported test by test (Go structs as dataclasses)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Dict, List

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.util import jsonpath
from kubernetes_py.util.jsonpath.node import (
    ParamsEntry,
    new_array,
    new_bool,
    new_field,
    new_filter,
    new_identifier,
    new_int,
    new_list,
    new_recursive,
    new_text,
    new_union,
    new_wildcard,
)


def run(tests, allow_missing_keys: bool = False) -> None:
    """Go's testJSONPath: (name, template, input, expect, expect_error)."""
    for name, template, data, expect, expect_error in tests:
        j = jsonpath.new(name)
        j.allow_missing_keys(allow_missing_keys)
        try:
            j.parse(template)
        except ValueError as err:
            assert expect_error, f"in {name}, parse {template} error {err}"
            continue
        if expect_error:
            with pytest.raises(ValueError):
                j.execute_to_string(data)
            continue
        assert j.execute_to_string(data) == expect, name


def run_fail(tests) -> None:
    """Go's testFailJSONPath: the exact error of executing."""
    for name, template, data, expect in tests:
        j = jsonpath.new(name)
        j.parse(template)
        try:
            out = j.execute_to_string(data)
            got = "nil"
        except ValueError as err:
            got, out = str(err), ""
        assert got == expect, (name, out)


@dataclasses.dataclass
class Named:
    name: str
    value: Any
    type: str


TYPES: Dict[str, Any] = {
    "bools": [True, False, True, False],
    "integers": [1, 2, 3, 4],
    "floats": [1.0, 2.2, 3.3, 4.0],
    "strings": ["one", "two", "three", "four"],
    "interfaces": [True, "one", 1, 1.1],
    "maps": [
        {"name": "one", "value": 1},
        {"name": "two", "value": 2.02},
        {"name": "three", "value": 3.03},
        {"name": "four", "value": 4.04},
    ],
    "structs": [
        Named("one", 1, "integer"),
        Named("two", 2.002, "float"),
        Named("three", 3, "integer"),
        Named("four", 4.004, "float"),
    ],
}


def test_types_input():
    t = TYPES
    run([
        ("boolSlice", "{ .bools }", t, "[true,false,true,false]", False),
        ("boolSliceIndex", "{ .bools[0] }", t, "true", False),
        ("boolSliceIndex", "{ .bools[-1] }", t, "false", False),
        ("boolSubSlice", "{ .bools[0:2] }", t, "true false", False),
        ("boolSubSliceFirst2", "{ .bools[:2] }", t, "true false", False),
        ("boolSubSliceStep2", "{ .bools[:4:2] }", t, "true true", False),
        ("integerSlice", "{ .integers }", t, "[1,2,3,4]", False),
        ("integerSliceIndex", "{ .integers[0] }", t, "1", False),
        ("integerSliceIndexReverse", "{ .integers[-2] }", t, "3", False),
        ("integerSubSliceFirst2", "{ .integers[0:2] }", t, "1 2", False),
        ("integerSubSliceFirst2Alt", "{ .integers[:2] }", t, "1 2", False),
        ("integerSubSliceStep2", "{ .integers[:4:2] }", t, "1 3", False),
        ("floatSlice", "{ .floats }", t, "[1,2.2,3.3,4]", False),
        ("floatSliceIndex", "{ .floats[0] }", t, "1", False),
        ("floatSliceIndexReverse", "{ .floats[-2] }", t, "3.3", False),
        ("floatSubSliceFirst2", "{ .floats[0:2] }", t, "1 2.2", False),
        ("floatSubSliceFirst2Alt", "{ .floats[:2] }", t, "1 2.2", False),
        ("floatSubSliceStep2", "{ .floats[:4:2] }", t, "1 3.3", False),
        ("stringSlice", "{ .strings }", t, '["one","two","three","four"]', False),
        ("stringSliceIndex", "{ .strings[0] }", t, "one", False),
        ("stringSliceIndexReverse", "{ .strings[-2] }", t, "three", False),
        ("stringSubSliceFirst2", "{ .strings[0:2] }", t, "one two", False),
        ("stringSubSliceFirst2Alt", "{ .strings[:2] }", t, "one two", False),
        ("stringSubSliceStep2", "{ .strings[:4:2] }", t, "one three", False),
        ("interfaceSlice", "{ .interfaces }", t, '[true,"one",1,1.1]', False),
        ("interfaceSliceIndex", "{ .interfaces[0] }", t, "true", False),
        ("interfaceSliceIndexReverse", "{ .interfaces[-2] }", t, "1", False),
        ("interfaceSubSliceFirst2", "{ .interfaces[0:2] }", t, "true one", False),
        ("interfaceSubSliceFirst2Alt", "{ .interfaces[:2] }", t, "true one", False),
        ("interfaceSubSliceStep2", "{ .interfaces[:4:2] }", t, "true 1", False),
        ("mapSlice", "{ .maps }", t,
         '[{"name":"one","value":1},{"name":"two","value":2.02},{"name":"three","value":3.03},'
         '{"name":"four","value":4.04}]', False),
        ("mapSliceIndex", "{ .maps[0] }", t, '{"name":"one","value":1}', False),
        ("mapSliceIndexReverse", "{ .maps[-2] }", t, '{"name":"three","value":3.03}', False),
        ("mapSubSliceFirst2", "{ .maps[0:2] }", t, '{"name":"one","value":1} {"name":"two","value":2.02}', False),
        ("mapSubSliceFirst2Alt", "{ .maps[:2] }", t, '{"name":"one","value":1} {"name":"two","value":2.02}', False),
        ("mapSubSliceStepOdd", "{ .maps[::2] }", t, '{"name":"one","value":1} {"name":"three","value":3.03}', False),
        ("mapSubSliceStepEven", "{ .maps[1::2] }", t, '{"name":"two","value":2.02} {"name":"four","value":4.04}',
         False),
        ("structSlice", "{ .structs }", t,
         '[{"name":"one","value":1,"type":"integer"},{"name":"two","value":2.002,"type":"float"},'
         '{"name":"three","value":3,"type":"integer"},{"name":"four","value":4.004,"type":"float"}]', False),
        ("structSliceIndex", "{ .structs[0] }", t, '{"name":"one","value":1,"type":"integer"}', False),
        ("structSliceIndexReverse", "{ .structs[-2] }", t, '{"name":"three","value":3,"type":"integer"}', False),
        ("structSubSliceFirst2", "{ .structs[0:2] }", t,
         '{"name":"one","value":1,"type":"integer"} {"name":"two","value":2.002,"type":"float"}', False),
        ("structSubSliceFirst2Alt", "{ .structs[:2] }", t,
         '{"name":"one","value":1,"type":"integer"} {"name":"two","value":2.002,"type":"float"}', False),
        ("structSubSliceStepOdd", "{ .structs[::2] }", t,
         '{"name":"one","value":1,"type":"integer"} {"name":"three","value":3,"type":"integer"}', False),
        ("structSubSliceStepEven", "{ .structs[1::2] }", t,
         '{"name":"two","value":2.002,"type":"float"} {"name":"four","value":4.004,"type":"float"}', False),
    ])  # fmt: skip


@dataclasses.dataclass
class Book:
    Category: str
    Author: str
    Title: str
    Price: float

    def __str__(self) -> str:
        return f"{{Category: {self.Category}, Author: {self.Author}, Title: {self.Title}, Price: {self.Price}}}"


@dataclasses.dataclass
class Bicycle:
    Color: str
    Price: float
    IsNew: bool


@dataclasses.dataclass
class Store:
    Book: List[Book]
    Bicycle: List[Bicycle]
    Name: str
    Labels: Dict[str, int]
    Employees: Dict[str, str]


STORE = Store(
    Name="jsonpath",
    Book=[
        Book("reference", "Nigel Rees", "Sayings of the Centurey", 8.95),
        Book("fiction", "Evelyn Waugh", "Sword of Honour", 12.99),
        Book("fiction", "Herman Melville", "Moby Dick", 8.99),
    ],
    Bicycle=[Bicycle("red", 19.95, True), Bicycle("green", 20.01, False)],
    Labels={"engieer": 10, "web/html": 15, "k8s-app": 20},
    Employees={"jason": "manager", "dan": "clerk"},
)


def test_struct_input():
    s = STORE
    run([
        ("plain", "hello jsonpath", None, "hello jsonpath", False),
        ("recursive", "{..}", [1, 2, 3], "[1,2,3]", False),
        ("filter", "{[?(@<5)]}", [2, 6, 3, 7], "2 3", False),
        ("quote", '{"{"}', None, "{", False),
        ("union", "{[1,3,4]}", [0, 1, 2, 3, 4], "1 3 4", False),
        ("array", "{[0:2]}", ["Monday", "Tudesday"], "Monday Tudesday", False),
        ("variable", "hello {.Name}", s, "hello jsonpath", False),
        ("dict/", "{$.Labels.web/html}", s, "15", False),
        ("dict/", "{$.Employees.jason}", s, "manager", False),
        ("dict/", "{$.Employees.dan}", s, "clerk", False),
        ("dict-", "{.Labels.k8s-app}", s, "20", False),
        ("nest", "{.Bicycle[*].Color}", s, "red green", False),
        ("allarray", "{.Book[*].Author}", s, "Nigel Rees Evelyn Waugh Herman Melville", False),
        ("allfields", '{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}', s, "{red 19.95 true} {green 20.01 false} ",
         False),
        ("recurfields", "{..Price}", s, "8.95 12.99 8.99 19.95 20.01", False),
        ("recurdotfields", "{...Price}", s, "8.95 12.99 8.99 19.95 20.01", False),
        ("superrecurfields", "{............................................................Price}", s, "", True),
        ("allstructsSlice", "{.Bicycle}", s,
         '[{"Color":"red","Price":19.95,"IsNew":true},{"Color":"green","Price":20.01,"IsNew":false}]', False),
        ("allstructs", '{range .Bicycle[*]}{ @ }{ " " }{end}', s,
         '{"Color":"red","Price":19.95,"IsNew":true} {"Color":"green","Price":20.01,"IsNew":false} ', False),
        ("lastarray", "{.Book[-1:]}", s,
         '{"Category":"fiction","Author":"Herman Melville","Title":"Moby Dick","Price":8.99}', False),
        ("recurarray", "{..Book[2]}", s,
         '{"Category":"fiction","Author":"Herman Melville","Title":"Moby Dick","Price":8.99}', False),
        ("bool", "{.Bicycle[?(@.IsNew==true)]}", s, '{"Color":"red","Price":19.95,"IsNew":true}', False),
    ])  # fmt: skip
    run(
        [
            ("nonexistent field", "{.hello}", s, "", False),
            ("nonexistent field 2", "before-{.hello}after", s, "before-after", False),
        ],
        allow_missing_keys=True,
    )
    run_fail([
        ("invalid identifier", "{hello}", s, "unrecognized identifier hello"),
        ("nonexistent field", "{.hello}", s, "hello is not found"),
        ("invalid array", "{.Labels[0]}", s, "map[string]interface {} is not array or slice"),
        ("invalid filter operator", "{.Book[?(@.Price<>10)]}", s, "unrecognized filter operator <>"),
        ("redundant end", "{range .Labels.*}{@}{end}{end}", s, "not in range, nothing to end"),
    ])  # fmt: skip


POINTS = json.loads("""[
    {"id": "i1", "x":4, "y":-5},
    {"id": "i2", "x":-2, "y":-5, "z":1},
    {"id": "i3", "x":  8, "y":  3 },
    {"id": "i4", "x": -6, "y": -1 },
    {"id": "i5", "x":  0, "y":  2, "z": 1 },
    {"id": "i6", "x":  1, "y":  4 },
    {"id": "i7", "x":  null, "y":  4 }
]""")


def test_json_input():
    run([
        ("exists filter", "{[?(@.z)].id}", POINTS, "i2 i5", False),
        ("bracket key", "{[0]['id']}", POINTS, "i1", False),
        ("nil value", "{[-1]['x']}", POINTS, "null", False),
    ])  # fmt: skip


NODES = json.loads("""{
  "kind": "List",
  "items":[
    {"kind":"None", "metadata":{"name":"127.0.0.1", "labels":{"kubernetes.io/hostname":"127.0.0.1"}},
     "status":{"capacity":{"cpu":"4"}, "ready": true,
               "addresses":[{"type": "LegacyHostIP", "address":"127.0.0.1"}]}},
    {"kind":"None", "metadata":{"name":"127.0.0.2", "labels":{"kubernetes.io/hostname":"127.0.0.2"}},
     "status":{"capacity":{"cpu":"8"}, "ready": false,
               "addresses":[{"type": "LegacyHostIP", "address":"127.0.0.2"},
                            {"type": "another", "address":"127.0.0.3"}]}}
  ],
  "users":[{"name": "myself", "user": {}}, {"name": "e2e", "user": {"username": "admin", "password": "secret"}}]
}""")


def test_kubernetes():
    n = NODES
    run([
        ("range item", "{range .items[*]}{.metadata.name}, {end}{.kind}", n, "127.0.0.1, 127.0.0.2, List", False),
        ("range item with quote", '{range .items[*]}{.metadata.name}{"\\t"}{end}', n, "127.0.0.1\t127.0.0.2\t", False),
        ("range addresss", "{.items[*].status.addresses[*].address}", n, "127.0.0.1 127.0.0.2 127.0.0.3", False),
        ("double range", "{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}", n,
         "127.0.0.1, 127.0.0.2, 127.0.0.3, ", False),
        ("item name", "{.items[*].metadata.name}", n, "127.0.0.1 127.0.0.2", False),
        ("union nodes capacity", "{.items[*]['metadata.name', 'status.capacity']}", n,
         '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}', False),
        ("range nodes capacity", "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", n,
         '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] ', False),
        ("user password", '{.users[?(@.name=="e2e")].user.password}', n, "secret", False),
        ("hostname", "{.items[0].metadata.labels.kubernetes\\.io/hostname}", n, "127.0.0.1", False),
        ("hostname filter", '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}', n, "None",
         False),
        ("bool item", "{.items[?(@..ready==true)].metadata.name}", n, "127.0.0.1", False),
    ])  # fmt: skip
    # Go visits maps in random order and sorts the words; here a dict's order is kept.
    j = jsonpath.new("recursive name")
    j.parse("{..name}")
    assert sorted(j.execute_to_string(n).split()) == sorted("127.0.0.1 127.0.0.2 myself e2e".split())


def test_empty_range():
    empty = {"items": []}
    run(
        [
            ("empty range", "{range .items[*]}{.metadata.name}{end}", empty, "", False),
            ("empty nested range",
             '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
             empty, "", False),
        ],
        allow_missing_keys=True,
    )  # fmt: skip


PODS = {
    "items": [
        {
            "metadata": {"name": "pod1"},
            "spec": {
                "containers": [
                    {"name": "foo", "another": [{"name": "value1"}, {"name": "value2"}]},
                    {"name": "bar", "another": [{"name": "value1"}, {"name": "value2"}]},
                ]
            },
        },
        {
            "metadata": {"name": "pod2"},
            "spec": {"containers": [{"name": "baz", "another": [{"name": "value1"}, {"name": "value2"}]}]},
        },
    ]
}


def test_nested_ranges():
    run([(
        "nested range with a trailing newline",
        '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
        PODS, "pod1:foo,bar,+pod2:baz,+", False,
    )])  # fmt: skip
    run([(
        "nested range with a trailing character within another nested range with a trailing newline",
        '{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}'
        '{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}',
        PODS, "pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#", False,
    )])  # fmt: skip
    run([(
        "two nested ranges at the same level with a trailing newline",
        '{range .items[*]}{.metadata.name}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\t"}'
        '{range @.spec.containers[*]}{.name}{" "}{end}{"\\n"}{end}',
        PODS, "pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n", False,
    )])  # fmt: skip


ANNOTATED = {
    "kind": "List",
    "items": [
        {"kind": "Pod", "metadata": {"name": "pod1", "annotations": {"color": "blue"}}},
        {"kind": "Pod", "metadata": {"name": "pod2"}},
        {"kind": "Pod", "metadata": {"name": "pod3", "annotations": {"color": "green"}}},
        {"kind": "Pod", "metadata": {"name": "pod4", "annotations": {"color": "blue"}}},
    ],
}


def test_filter_partial_matches_sometimes_missing_annotations():
    template = '{.items[?(@.metadata.annotations.color=="blue")].metadata.name}'
    run([("tolerate missing items", template, ANNOTATED, "pod1 pod4", False)], allow_missing_keys=True)
    run([("error on missing items", template, ANNOTATED, "", True)], allow_missing_keys=False)


def _containers(n: int) -> Dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "spec": {"containers": [{"image": "radial/busyboxplus:curl", "name": f"fake{i}"} for i in range(n)]},
    }


def test_negative_index():
    d = _containers(4)
    run([
        ("containers[0]", "{.spec.containers[0].name}", d, "fake0", False),
        ("containers[0:0]", "{.spec.containers[0:0].name}", d, "", False),
        ("containers[0:-1]", "{.spec.containers[0:-1].name}", d, "fake0 fake1 fake2", False),
        ("containers[-1:0]", "{.spec.containers[-1:0].name}", d, "", True),
        ("containers[-1]", "{.spec.containers[-1].name}", d, "fake3", False),
        ("containers[-1:]", "{.spec.containers[-1:].name}", d, "fake3", False),
        ("containers[-2]", "{.spec.containers[-2].name}", d, "fake2", False),
        ("containers[-2:]", "{.spec.containers[-2:].name}", d, "fake2 fake3", False),
        ("containers[-3]", "{.spec.containers[-3].name}", d, "fake1", False),
        ("containers[-4]", "{.spec.containers[-4].name}", d, "fake0", False),
        ("containers[-4:]", "{.spec.containers[-4:].name}", d, "fake0 fake1 fake2 fake3", False),
        ("containers[-5]", "{.spec.containers[-5].name}", d, "", True),
        ("containers[5:5]", "{.spec.containers[5:5].name}", d, "", False),
        ("containers[-5:-5]", "{.spec.containers[-5:-5].name}", d, "", False),
        ("containers[3:1]", "{.spec.containers[3:1].name}", d, "", True),
        ("containers[-1:-2]", "{.spec.containers[-1:-2].name}", d, "", True),
    ])  # fmt: skip
    run_fail([
        ("-5", "{.spec.containers[-5].name}", d, "array index out of bounds: index -1, length 4"),
        ("3:1", "{.spec.containers[3:1].name}", d, "starting index 3 is greater than ending index 1"),
        ("0:9", "{.spec.containers[0:9].name}", d, "array index out of bounds: index 8, length 4"),
        ("step 0", "{.spec.containers[0:4:0].name}", d, "step must be > 0"),
    ])  # fmt: skip


def test_running_pods_json_path_output():
    data = {
        "kind": "List",
        "items": [
            {"kind": "Pod", "metadata": {"name": "pod1"}, "status": {"phase": "Running"}},
            {"kind": "Pod", "metadata": {"name": "pod2"}, "status": {"phase": "Running"}},
            {"kind": "Pod", "metadata": {"name": "pod3"}, "status": {"phase": "Running"}},
            {"resourceVersion": ""},
        ],
    }
    run(
        [(
            "range over pods without selecting the last one",
            '{range .items[?(.status.phase=="Running")]}{.metadata.name}{" is Running\\n"}{end}',
            data, "pod1 is Running\npod2 is Running\npod3 is Running\n", False,
        )],
        allow_missing_keys=True,
    )  # fmt: skip


def test_step():
    d = _containers(6)
    run([
        ("0:", "{.spec.containers[0:].name}", d, "fake0 fake1 fake2 fake3 fake4 fake5", False),
        ("0:6:", "{.spec.containers[0:6:].name}", d, "fake0 fake1 fake2 fake3 fake4 fake5", False),
        ("0:6:1", "{.spec.containers[0:6:1].name}", d, "fake0 fake1 fake2 fake3 fake4 fake5", False),
        ("0:6:0", "{.spec.containers[0:6:0].name}", d, "", True),
        ("0:6:-1", "{.spec.containers[0:6:-1].name}", d, "", True),
        ("1:4:2", "{.spec.containers[1:4:2].name}", d, "fake1 fake3", False),
        ("1:4:3", "{.spec.containers[1:4:3].name}", d, "fake1", False),
        ("1:4:4", "{.spec.containers[1:4:4].name}", d, "fake1", False),
        ("0:6:2", "{.spec.containers[0:6:2].name}", d, "fake0 fake2 fake4", False),
        ("0:6:3", "{.spec.containers[0:6:3].name}", d, "fake0 fake3", False),
        ("0:6:5", "{.spec.containers[0:6:5].name}", d, "fake0 fake5", False),
        ("0:6:6", "{.spec.containers[0:6:6].name}", d, "fake0", False),
    ])  # fmt: skip


def test_typed_objects_json_output_and_incomplete_template():
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="p", labels={"b": "2", "a": "1"}))
    j = jsonpath.new("typed")
    j.parse("{.metadata.name} {.metadata.labels} {.kind}")
    with pytest.raises(ValueError, match="^kind is not found$"):
        j.execute_to_string(pod)
    j.parse("{.metadata.name} {.metadata.labels}")
    assert j.execute_to_string(pod) == 'p {"a":"1","b":"2"}'
    out = jsonpath.new("json")
    out.parse("{.items[*].metadata.name}")
    out.enable_json_output(True)
    assert out.execute_to_string(NODES) == '[\n    "127.0.0.1",\n    "127.0.0.2"\n]\n'
    with pytest.raises(ValueError, match="^none is an incomplete jsonpath template$"):
        jsonpath.new("none").execute_to_string({})
    floats = jsonpath.new("floats")
    floats.parse("{.a} {.b} {.c}")
    assert floats.execute_to_string({"a": 1e21, "b": 1e6, "c": 0.5}) == "1e+21 1e+06 0.5"
    cmp = jsonpath.new("cmp")
    cmp.parse("{[?(@.x<1)]}")
    with pytest.raises(ValueError, match="^incompatible types for comparison$"):
        cmp.execute_to_string([{"x": "a"}])
    with pytest.raises(ValueError, match="^invalid type for comparison$"):
        cmp.execute_to_string([{"x": None}])


# parser_test.go


def pe(value: int, known: bool, derived: bool) -> ParamsEntry:
    return ParamsEntry(value, known, derived)


def _filter(op: str):
    return new_filter(new_list(), new_list(), op)


def _os_image_filter(text: str):
    return [new_list(), _filter("=="), new_list(), new_field("status"), new_field("nodeInfo"), new_field("osImage"),
            new_list(), new_text(text)]  # fmt: skip


PARSER_TESTS = [
    ("plain", "hello jsonpath", [new_text("hello jsonpath")]),
    ("variable", "hello {.jsonpath}", [new_text("hello "), new_list(), new_field("jsonpath")]),
    ("arrayfiled", "hello {['jsonpath']}", [new_text("hello "), new_list(), new_field("jsonpath")]),
    ("quote", '{"{"}', [new_list(), new_text("{")]),
    ("array", "{[1:3]}", [new_list(), new_array((pe(1, True, False), pe(3, True, False), pe(0, False, False)))]),
    ("allarray", "{.book[*].author}",
     [new_list(), new_field("book"), new_array((pe(0, False, False), pe(0, False, False), pe(0, False, False))),
      new_field("author")]),
    ("wildcard", "{.bicycle.*}", [new_list(), new_field("bicycle"), new_wildcard()]),
    ("filter", "{[?(@.price<3)]}",
     [new_list(), _filter("<"), new_list(), new_field("price"), new_list(), new_int(3)]),
    ("recursive", "{..}", [new_list(), new_recursive()]),
    ("recurField", "{..price}", [new_list(), new_recursive(), new_field("price")]),
    ("arraydict", "{['book.price']}", [new_list(), new_field("book"), new_field("price")]),
    ("union", "{['bicycle.price', 3, 'book.price']}",
     [new_list(), new_union([]), new_list(), new_field("bicycle"), new_field("price"), new_list(),
      new_array((pe(3, True, False), pe(4, True, True), pe(0, False, False))), new_list(), new_field("book"),
      new_field("price")]),
    ("range", "{range .items}{.name},{end}",
     [new_list(), new_identifier("range"), new_field("items"), new_list(), new_field("name"), new_text(","),
      new_list(), new_identifier("end")]),
    ("paired parentheses in quotes", '{[?(@.status.nodeInfo.osImage == "()")]}', _os_image_filter("()")),
    ("paired parentheses in double quotes and with double quotes escape",
     '{[?(@.status.nodeInfo.osImage == "(\\"\\")")]}', _os_image_filter('("")')),
    ("unregular parentheses in double quotes", '{[?(@.test == "())(")]}',
     [new_list(), _filter("=="), new_list(), new_field("test"), new_list(), new_text("())(")]),
    ("plain text in single quotes", "{[?(@.status.nodeInfo.osImage == 'Linux')]}", _os_image_filter("Linux")),
    ("test filter suffix", '{[?(@.status.nodeInfo.osImage == "{[()]}")]}', _os_image_filter("{[()]}")),
    ("double inside single", "{[?(@.status.nodeInfo.osImage == \"''\")]}", _os_image_filter("''")),
    ("single inside double", "{[?(@.status.nodeInfo.osImage == '\"\"')]}", _os_image_filter('""')),
    ("single containing escaped single", "{[?(@.status.nodeInfo.osImage == '\\\\\\'')]}", _os_image_filter("\\'")),
    ("negative index slice, equals a[len-5] to a[len-1]", "{[-5:]}",
     [new_list(), new_array((pe(-5, True, False), pe(0, False, False), pe(0, False, False)))]),
    ("negative index slice, equals a[len-1]", "{[-1]}",
     [new_list(), new_array((pe(-1, True, False), pe(0, True, True), pe(0, False, False)))]),
    ("negative index slice, equals a[1] to a[len-1]", "{[1:-1]}",
     [new_list(), new_array((pe(1, True, False), pe(-1, True, False), pe(0, False, False)))]),
    ("bools and floats", "{[?(@.ok==true)]}{1.5}",
     [new_list(), _filter("=="), new_list(), new_field("ok"), new_list(), new_bool(True), new_list(),
      jsonpath.FloatNode(1.5)]),
]  # fmt: skip


def _collect(nodes: List[Any], cur: Any) -> List[Any]:
    nodes.append(cur)
    if isinstance(cur, jsonpath.ListNode):
        for n in cur.nodes:
            _collect(nodes, n)
    elif isinstance(cur, jsonpath.FilterNode):
        _collect(nodes, cur.left)
        _collect(nodes, cur.right)
    elif isinstance(cur, jsonpath.UnionNode):
        for n in cur.nodes:
            _collect(nodes, n)
    return nodes


@pytest.mark.parametrize("name,text,nodes", PARSER_TESTS, ids=[t[0] for t in PARSER_TESTS])
def test_parser(name, text, nodes):
    result = _collect([], jsonpath.parse(name, text).root)[1:]
    assert [str(n) for n in result] == [str(n) for n in nodes]


def test_parser_malformed_input():
    with pytest.raises(ValueError):
        jsonpath.parse("malformat input", "{\\\\\\}")


@pytest.mark.parametrize(
    "name,text,err",
    [
        ("unclosed action", "{.hello", "unclosed action"),
        ("unrecognized character", "{*}", "unrecognized character in action: U+002A '*'"),
        ("invalid number", "{+12.3.0}", "cannot parse number +12.3.0"),
        ("unterminated array", "{[1}", "unterminated array"),
        ("unterminated filter", "{[?(.price]}", "unterminated filter"),
        ("invalid multiple recursive descent", "{........}", "invalid multiple recursive descent"),
        ("tab", "{\t}", "unrecognized character in action: U+0009"),
        ("bad index", "{[a]}", "invalid array index a"),
        ("bad quote", '{"\\q"}', 'unquote string "\\q" error invalid syntax'),
    ],
)
def test_fail_parser(name, text, err):
    with pytest.raises(ValueError) as caught:
        jsonpath.parse(name, text)
    assert str(caught.value) == err


def test_unquote_extend():
    assert jsonpath.unquote_extend("'abc'") == "abc"
    assert jsonpath.unquote_extend('"a\\tb\\x41\\u00e9\\101"') == "a\tbAéA"
    for bad in ("'", "'a\"", '"a"b"', "'\\\"'", "x"):
        with pytest.raises(ValueError, match="^invalid syntax$"):
            jsonpath.unquote_extend(bad)


def test_typed_objects_anywhere_in_the_data():
    pods = [
        corev1.Pod(metadata=metav1.ObjectMeta(name="a", labels={"app": "web"})),
        corev1.Pod(metadata=metav1.ObjectMeta(name="b")),
    ]
    j = jsonpath.new("typed list")
    j.parse('{[*].metadata.name} {[?(@.metadata.labels.app=="web")].metadata.name} {[1].metadata}')
    j.allow_missing_keys(True)
    assert j.execute_to_string(pods) == 'a b a {"name":"b"}'
    listed = corev1.PodList(items=pods)
    j.parse("{range .items[*]}{.metadata.name};{end}")
    assert j.execute_to_string(listed) == "a;b;"
