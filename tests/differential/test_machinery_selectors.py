"""Label and field selectors compared with apimachinery's Go code (hack/oracle/cmd/machinery)."""

import itertools

import pytest

from kubernetes_py.apimachinery import fields, labels
from kubernetes_py.apimachinery.util.errors import Aggregate
from tests.differential.machinery_oracle import run_oracle

pytestmark = pytest.mark.differential

LABEL_SETS = [
    {},
    {"x": "a"},
    {"x": "b"},
    {"x": "a", "y": "b"},
    {"x": "1"},
    {"x": "10", "y": "-3"},
    {"a": ""},
    {"in": "notin"},
    {"x": "abc", "z": "w"},
    {"example.com/k": "v"},
    {"x": "99999999999999999999"},
]
EXACT_KEYS = ["x", "y", "a", "z"]


def label_selector_corpus():
    keys = [
        "x",
        "y",
        "a",
        "in",
        "notin",
        "example.com/k",
        "a.b-c_d",
        "Bad_",
        "-x",
        "a/b/c",
        "/x",
        "x" * 64,
        "k8s.io/" + "n" * 63,
        "",
        "ä",
    ]
    values = ["a", "b", "", "1", "-3", "10", "abc", "a b", "a|b", "v" * 64, "x.y_z-1", "+5", "ä", "9223372036854775808"]
    ops = ["=", "==", "!=", " in ", " notin ", ">", "<", " ", "=>", " gt ", "!"]
    corpus = [
        "",
        " ",
        ",",
        "x",
        "!x",
        "! x",
        "!!x",
        "x,",
        ",x",
        "x,,y",
        "x y",
        "x=a,x=b",
        "x=a,a=x",
        "(",
        ")",
        "x in (a",
        "x in a)",
        "x in (a b)",
        "x in ()",
        "x in (,)",
        "x in (a,,b,)",
        "x notin (, a)",
        "x in (a),y",
        "x=a||y=b",
        "x==a==b",
        "!x=a",
        "x<a",
        "x>1,x<5",
        "x in (in,notin)",
        "in in (in)",
        "notin notin (notin)",
        "x\tin\n(a)",
        "\rx",
        "x=a\x00y=b",
        "x= a",
        "x =a",
        "x = a",
        "x=(a)",
        "x in (a)(b)",
        "x>=1",
        "x<=1",
        "x!=",
        "x!",
        "x=!",
        "x>",
        "x in",
        "x notin",
        "a.b/c=d",
        "x>1.5",
        "x>01",
        "x>-0",
        "x in (a,b",
        "x in ((a))",
        "!x,!y",
        "x,!x",
        "x\x00",
        "\x00x",
        "x=\x00y",
        "x in (a\x00,b)",
        "x==\x00y",
        "!\x00x",
        "x\x00=y",
        " \x00 ",
    ]
    for k, op, v in itertools.product(keys[:8], ops, values[:6]):
        corpus.append(f"{k}{op}{v}" if op.strip() not in ("in", "notin") else f"{k}{op}({v})")
    for k in keys:
        corpus.extend([k, "!" + k, f"{k}=a", f"{k} in (a,b)"])
    for v in values:
        corpus.extend([f"x={v}", f"x in ({v},b)", f"x>{v}", f"x<{v}"])
    return list(dict.fromkeys(corpus))


def python_label_result(text):
    try:
        sel = labels.parse(text)
    except ValueError as err:
        return {"error": str(err)}
    reqs, _ = sel.requirements()
    return {
        "error": None,
        "string": str(sel),
        "empty": sel.empty(),
        "matches": [sel.matches(s) for s in LABEL_SETS],
        "exact": [list(sel.requires_exact_match(k)) for k in EXACT_KEYS],
        "requirements": [f"{r.key()}|{r.operator()}" for r in reqs],
    }


def test_label_selectors_match_go(go_oracle):
    corpus = label_selector_corpus()
    assert len(corpus) > 500
    go = run_oracle(go_oracle, "labels", [{"selector": s, "sets": LABEL_SETS, "exact": EXACT_KEYS} for s in corpus])
    mismatches = []
    for text, want in zip(corpus, go):
        got = python_label_result(text)
        if want["error"] is not None:
            want = {"error": want["error"]}
        if got != want:
            mismatches.append((text, want, got))
    assert mismatches == []


def requirement_corpus():
    ops = ["=", "==", "!=", "in", "notin", "exists", "!", "gt", "lt", "bogus", ""]
    value_lists = [None, [], ["a"], ["a", "b"], ["b", "a"], ["1"], ["x"], ["1", "2"], ["a b"], ["v" * 64], [""]]
    keys = ["x", "example.com/x", "Bad_", "", "a/b/c", "x" * 64, "/x", "x/"]
    return [{"key": k, "op": op, "values": v} for k, op, v in itertools.product(keys, ops, value_lists)]


def test_new_requirement_matches_go(go_oracle):
    corpus = requirement_corpus()
    go = run_oracle(go_oracle, "requirements", corpus)
    mismatches = []
    for case, want in zip(corpus, go):
        try:
            r = labels.new_requirement(case["key"], case["op"], case["values"])
            got = {"error": None, "string": str(r)}
        except Aggregate as err:
            got = {"error": str(err)}
        if got != want:
            mismatches.append((case, want, got))
    assert mismatches == []


FIELD_SETS = [
    {},
    {"metadata.name": "web"},
    {"metadata.name": "a,b"},
    {"status.phase": "Running"},
    {"metadata.name": "web", "status.phase": "Failed"},
    {"spec.x": "a=b\\c"},
    {"x": ""},
]
FIELD_EXACT = ["metadata.name", "status.phase", "x"]


def field_selector_corpus():
    corpus = [
        "",
        ",",
        ",,",
        "metadata.name=web",
        "metadata.name==web",
        "metadata.name!=web",
        "metadata.name",
        "metadata.name=web,status.phase!=Failed",
        "status.phase!=Failed,metadata.name=web",
        "metadata.name=a\\,b",
        "metadata.name=a,b",
        "metadata.name=a\\=b",
        "metadata.name=a=b",
        "spec.x=a\\=b\\\\c",
        "x=",
        "x!=",
        "=x",
        "!=x",
        "x=\\",
        "x=\\q",
        "x=a\\",
        "x=\\\\",
        "x===a",
        "x!==a",
        "x=!a",
        "x=a,",
        ",x=a",
        "x=a,,y=b",
        "metadata.name = web",
        "x=ä",
        "x=a\\,",
        "x\\=y=z",
        "x\\,y=z",
        "a=1,a=2",
        "a!=1,a=2",
        "x==",
        "==",
        "!=",
        "=",
    ]
    for op in ["=", "==", "!="]:
        for v in ["", "web", "a\\,b", "a\\=b", "\\\\", "a b"]:
            corpus.append(f"metadata.name{op}{v}")
    return list(dict.fromkeys(corpus))


def python_field_result(text):
    try:
        sel = fields.parse_selector(text)
    except ValueError as err:
        return {"error": str(err)}
    return {
        "error": None,
        "string": str(sel),
        "empty": sel.empty(),
        "matches": [sel.matches(s) for s in FIELD_SETS],
        "exact": [list(sel.requires_exact_match(k)) for k in FIELD_EXACT],
        "requirements": [[r.operator, r.field, r.value] for r in sel.requirements()],
    }


def test_field_selectors_match_go(go_oracle):
    corpus = field_selector_corpus()
    go = run_oracle(go_oracle, "fields", [{"selector": s, "sets": FIELD_SETS, "exact": FIELD_EXACT} for s in corpus])
    mismatches = []
    for text, want in zip(corpus, go):
        if want["error"] is not None:
            want = {"error": want["error"]}
        got = python_field_result(text)
        if got != want:
            mismatches.append((text, want, got))
    assert mismatches == []
