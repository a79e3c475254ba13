"""Hostile inputs (issue 15) decoded by client-go v0.37.1 (hack/oracle/cmd/hardening) and by kubernetes_py:
the same object written back as JSON, or the same error text.

Modes: ``json`` and ``protobuf`` (client-go's scheme, written back by its JSON serializer), ``unstructured``
(UnstructuredJSONScheme), ``yaml`` (sigs.k8s.io/yaml.YAMLToJSON), ``kubeconfig`` (clientcmd.Load). A scheme's
name depends on where Go's module sits on disk, so ``in scheme "..."`` is compared without it.

Known differences, not compared here: FieldsV1/RawExtension keep an escaped lone surrogate verbatim in Go
(here U+FFFD, as in every other string); protobuf strings that are not UTF-8 print as \\xNN in Go's %q (here as
U+FFFD); YAML nests up to libyaml's 1,000 levels (go-yaml: 10,000).
"""

from __future__ import annotations

import base64
import json
import re
import subprocess

import pytest

from kubernetes_py import _goyaml
from kubernetes_py._go import json as _gojson
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import UnstructuredJSONScheme
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools import clientcmd

pytestmark = pytest.mark.differential

INFOS = {i.media_type: i for i in scheme.Codecs.supported_media_types()}
JSON = INFOS["application/json"].serializer
PROTO = INFOS["application/vnd.kubernetes.protobuf"].serializer


def _managed(inner: bytes) -> bytes:
    return (
        b'{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","managedFields":[{"fieldsType":"FieldsV1",'
        b'"fieldsV1":' + inner + b"}]}}"
    )


def _nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


def _proto_pod() -> bytes:
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="ab", labels={"kk": "vv"}))
    pod.apiVersion, pod.kind = "v1", "Pod"
    return runtime.encode(PROTO, pod)


def _bomb(levels: int) -> bytes:
    lines = [b'x0: &x0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [b"x%d: &x%d [" % (i, i) + b",".join([b"*x%d" % (i - 1)] * 10) + b"]" for i in range(1, levels)]
    return b"\n".join(lines) + b"\n"


def _flat(n_items: int, n_aliases: int) -> bytes:
    return b"a: &a [" + b",".join([b"x"] * n_items) + b"]\nb: [" + b",".join([b"*a"] * n_aliases) + b"]\n"


CASES = (
    [
        (
            "json",
            b'{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x\xe2\x82y\xff","labels":{"a\xc3":"\\ud800b"}}}',
        ),
        ("json", b'{"apiVersion":"v1","kind":"ConfigMap","data":{"a\xff":"\xf0\x9f\x98","b":"\\udc00\\ud83d\\ude00"}}'),
        ("json", _managed(_nested(1000))),
        ("json", _managed(_nested(9996))),
        ("json", _managed(_nested(9997))),
        ("json", b"[" * 10001 + b"]" * 10001),
        ("json", b'{"apiVersion":"v1","kind":"ConfigMap","data":{"a":' + b"[" * 3000 + b"]" * 3000 + b"}}"),
        ("json", b'{"apiVersion":"example.com/v1","kind":"Foo"}'),
        ("unstructured", b'{"apiVersion":"example.com/v1","kind":"Foo","spec":' + b"[" * 9998 + b"]" * 9998 + b"}"),
        ("unstructured", b'{"apiVersion":"example.com/v1","kind":"Foo","spec":"\xff\\udc00 \xe2\x82x"}'),
        ("protobuf", _proto_pod().replace(b"\x02ab", b"\x02a\xff")),
        ("protobuf", _proto_pod().replace(b"\x02vv", b"\x02v\xfe")),
        ("yaml", b"a: &a [*a]\n"),
        ("yaml", b"a: &a {b: *a}\n"),
        ("yaml", b"a: &a {b: &b [*b]}\n"),
        ("yaml", b"a: !!bool maybe\n"),
        ("yaml", b"a: !!map [a]\n"),
        ("yaml", b"a: !!seq {a: 1}\n"),
        ("yaml", b"a: !!str [x]\n"),
        ("yaml", b"a: !!int x\n"),
        ("yaml", b"a: !!int 2001-01-01\n"),
        ("yaml", b"a: !!float 1\n"),
        ("yaml", b"a: !!float 18446744073709551615\n"),
        ("yaml", b"a: !!str 1\n"),
        ("yaml", b"a: !!null x\n"),
        ("yaml", b"a: !!bool ''\n"),
        ("yaml", b"a: !!binary '!!'\n"),
        ("yaml", b"a: !!binary 'YWJj'\nb: !!binary /w==\n"),
        ("yaml", b"a: !!timestamp x\n"),
        ("yaml", b"a: !!timestamp 2001-01-01\n"),
        ("yaml", b"a: !foo x\n"),
        ("yaml", b"a: !!set {x: 1}\n"),
        ("yaml", b"a: &a {x: 1, <<: {x: 2, y: 3}}\nb: {<<: *a, x: 9}\n"),
        ("yaml", b"a: &a {x: 1, q: 2}\nc: &c {<<: *a, x: 4}\nb:\n  x: 7\n  <<: [*c, {y: 2, x: 5}]\n  z: 3\n"),
        ("yaml", b"a: &a [1]\nb:\n  <<: *a\n"),
        ("yaml", b"b:\n  <<: 1\n"),
        ("yaml", b"b:\n  <<: [1]\n"),
        ("yaml", b"a: " + b"[" * 998 + b"]" * 998 + b"\n"),
        ("yaml", b"".join(b" " * i + b"- \n" for i in range(995))),
        ("yaml", _bomb(3)),
        ("yaml", _bomb(4)),
        ("yaml", _bomb(9)),
        ("kubeconfig", b"apiVersion: v1\nkind: Config\n" + _bomb(9)),
        ("kubeconfig", b"apiVersion: v1\nkind: Config\ncurrent-context: &c [*c]\n"),
        ("kubeconfig", b"apiVersion: v1\nkind: Config\ncurrent-context: !!bool maybe\n"),
    ]
    + [("yaml", _flat(4000, n)) for n in (10, 50, 99, 100)]
    + [
        (
            "yaml",
            b"a: &a ["
            + b",".join([b"x"] * 40)
            + b"]\nb: &b ["
            + b",".join([b"*a"] * n)
            + b"]\nc: ["
            + b",".join([b"*b"] * 50)
            + b"]\n",
        )
        for n in (5, 9, 10, 11, 20)
    ]
)


def _ours(mode: str, data: bytes) -> dict:
    try:
        if mode in ("json", "protobuf"):
            obj = runtime.decode(JSON if mode == "json" else PROTO, data)
            return {"out": runtime.encode(JSON, obj).decode(), "err": ""}
        if mode == "unstructured":
            obj = runtime.decode(UnstructuredJSONScheme, data)
            return {"out": _gojson.dumps(obj.object, sort_keys=True).decode(), "err": ""}
        if mode == "yaml":
            return {"out": _gojson.dumps(_goyaml.yaml_to_json(data), sort_keys=True).decode(), "err": ""}
        return {"out": clientcmd.load(data).current_context, "err": ""}
    except Exception as err:  # noqa: BLE001 - the text is compared
        return {"out": "", "err": str(err)}


def _normal(answer: dict, mode: str) -> dict:
    err = re.sub(r'in scheme "[^"]*"', 'in scheme ""', answer["err"])
    if mode == "unstructured":  # our UnstructuredJSONScheme words its parse errors "unable to parse JSON: ..."
        err = err.removeprefix("unable to parse JSON: ")
    out = answer["out"]
    if out and mode != "kubeconfig":
        out = _gojson.dumps(_gojson.loads(out), sort_keys=True)  # text: == on deep values recurses too far
    return {"out": out, "err": err}


@pytest.fixture(scope="module")
def go_answers(go_oracle):
    lines = "".join(json.dumps({"mode": m, "data": base64.b64encode(d).decode()}) + "\n" for m, d in CASES)
    proc = subprocess.run([str(go_oracle("hardening"))], input=lines.encode(), capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    answers = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(answers) == len(CASES)
    return answers


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{m}-{i}" for i, (m, _) in enumerate(CASES)])
def test_hostile_input_as_client_go(go_answers, index):
    mode, data = CASES[index]
    assert _normal(_ours(mode, data), mode) == _normal(go_answers[index], mode), data[:200]
