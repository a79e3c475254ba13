"""YAML through go-yaml's rules (issue 15, item 10): its alias budget, self-containing anchors, tagged nodes and map
merges, in the module shared by kubeconfig loading and the YAML serializer. Expected answers are go-yaml v2's
(sigs.k8s.io/yaml v1.6.0, go.yaml.in/yaml/v2 v2.4.4), checked by tests/differential/test_hardening_oracle.py."""

from __future__ import annotations

import time

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import _goyaml, context, kubernetes, rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import clientcmd


def _bomb(levels: int, prefix: bytes = b"") -> bytes:
    """The billion laughs: each level is ten aliases of the one before."""
    lines = [prefix + b'x0: &x0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(b"x%d: &x%d [" % (i, i) + b",".join([b"*x%d" % (i - 1)] * 10) + b"]")
    return b"\n".join(lines) + b"\n"


def _flat(n_items: int, n_aliases: int) -> bytes:
    return b"a: &a [" + b",".join([b"x"] * n_items) + b"]\nb: [" + b",".join([b"*a"] * n_aliases) + b"]\n"


def test_alias_bomb_kubeconfig_is_refused_at_once():
    data = _bomb(9, prefix=b"apiVersion: v1\nkind: Config\n")  # 10^9 expansions; was 21 s and 464 MB for 10^7
    start = time.monotonic()
    with pytest.raises(Exception) as info:
        clientcmd.load(data)
    assert time.monotonic() - start < 1.0
    assert str(info.value) == "yaml: document contains excessive aliasing"


@pytest.mark.parametrize("n_aliases,ok", [(10, True), (99, True), (100, False)])
def test_alias_budget_boundary_is_go_yamls(n_aliases, ok):
    # 4,000 items aliased n times: go-yaml accepts 99 (a ratio just under 0.99 over ~400,000 decodes), not 100.
    if ok:
        value = _goyaml.yaml_to_json(_flat(4000, n_aliases))
        assert len(value["b"]) == n_aliases and value["b"][-1] == ["x"] * 4000
        assert value["b"][0] is not value["b"][1]  # each alias is its own copy, as Go decodes it
    else:
        with pytest.raises(_goyaml.YAMLError, match="^yaml: document contains excessive aliasing$"):
            _goyaml.yaml_to_json(_flat(4000, n_aliases))


def test_small_documents_are_refused_for_their_aliasing_as_go_does():
    assert len(_goyaml.yaml_to_json(_bomb(3))["x2"]) == 10  # 1,000 strings: under go-yaml's minimum of 1,000 decodes
    with pytest.raises(_goyaml.YAMLError, match="excessive aliasing"):
        _goyaml.yaml_to_json(_bomb(4))


@pytest.mark.parametrize(
    "data,message",
    [
        (b"a: &a [*a]\n", "yaml: anchor 'a' value contains itself"),
        (b"a: &a {b: *a}\n", "yaml: anchor 'a' value contains itself"),
        (b"a: &a {b: &b [*b]}\n", "yaml: anchor 'b' value contains itself"),
        (b"a: !!bool maybe\n", "yaml: cannot decode !!str `maybe` as a !!bool"),
        (b"a: !!int x\n", "yaml: cannot decode !!str `x` as a !!int"),
        (b"a: !!int 2001-01-01\n", "yaml: cannot decode !!str `2001-01-01` as a !!int"),
        (b"a: !!null x\n", "yaml: cannot decode !!str `x` as a !!null"),
        (b"a: !!bool ''\n", "yaml: cannot decode !!null `` as a !!bool"),
        (b"a: !!timestamp x\n", "yaml: cannot decode !!str `x` as a !!timestamp"),
        (b"a: !!float 18446744073709551615\n", "yaml: cannot decode !!int `18446744073709551615` as a !!float"),
        (b"a: !!binary '!!'\n", "yaml: !!binary value contains invalid base64 data"),
        (b"b:\n  <<: 1\n", "yaml: map merge requires map or sequence of maps as the value"),
        (b"b:\n  <<: [1]\n", "yaml: map merge requires map or sequence of maps as the value"),
        (b"a: &a [1]\nb:\n  <<: *a\n", "yaml: map merge requires map or sequence of maps as the value"),
    ],
)
def test_go_yaml_errors(data, message):
    with pytest.raises(_goyaml.YAMLError) as info:
        _goyaml.yaml_to_json(data)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "data,value",
    [
        (b"a: !!map [a]\n", {"a": ["a"]}),  # go-yaml ignores a collection's tag
        (b"a: !!seq {a: 1}\n", {"a": {"a": 1}}),
        (b"a: !!str [x]\n", {"a": ["x"]}),
        (b"a: !foo x\n", {"a": "x"}),  # a tag it cannot resolve: the text
        (b"a: !!set {x: 1}\n", {"a": {"x": 1}}),
        (b"a: !!float 1\n", {"a": 1}),
        (b"a: !!timestamp 2001-01-01\n", {"a": "2001-01-01"}),
        (b"a: !!binary YWJj\n", {"a": "abc"}),
        (b"a: !!binary /w==\n", {"a": "\ufffd"}),  # a Go string of any bytes, written as JSON
        (
            b"a: &a {x: 1, <<: {x: 2, y: 3}}\nb: {<<: *a, x: 9}\n",  # later keys win, merged or not
            {"a": {"x": 2, "true": 3}, "b": {"x": 9, "true": 3}},
        ),
        (b"a: &a {x: 1}\nb:\n  <<: [*a, {y: 2, x: 5}]\n  z: 3\n", {"a": {"x": 1}, "b": {"x": 1, "true": 2, "z": 3}}),
    ],
)
def test_go_yaml_values(data, value):
    assert _goyaml.yaml_to_json(data) == value


def test_deep_yaml_within_libyamls_limit():
    value = _goyaml.yaml_to_json(b"a: " + b"[" * 998 + b"]" * 998 + b"\n")
    depth, v = 0, value["a"]
    while v:
        depth, v = depth + 1, v[0]
    assert depth == 997


def test_alias_bomb_in_a_yaml_response_body_fails_fast(httpserver):
    httpserver.expect_request("/api/v1/namespaces/ns/pods/p").respond_with_handler(
        lambda request: Response(_bomb(9, prefix=b"apiVersion: v1\nkind: Pod\n"), content_type="application/yaml")
    )
    clientset = kubernetes.new_for_config(
        rest.Config(host=httpserver.url_for("/"), accept_content_types="application/yaml")
    )
    start = time.monotonic()
    with pytest.raises(Exception) as info:
        clientset.core_v1().pods("ns").get(context.background(), "p", metav1.GetOptions())
    assert time.monotonic() - start < 2.0
    assert "yaml: document contains excessive aliasing" in str(info.value)


def test_writing_yaml_deeper_than_pyyaml_recurses_is_a_clean_error():
    value: list = []
    inner = value
    for _ in range(2000):
        inner.append([])
        inner = inner[0]
    with pytest.raises(_goyaml.YAMLError, match="^yaml: value nested too deeply to write$") as info:
        _goyaml.json_to_yaml(value)
    assert info.value.__context__ is None or info.value.__suppress_context__
    assert _goyaml.json_to_yaml({"a": [[[1]]]}) == "a:\n- - - 1\n"
