"""metav1 label selector helpers compared with apimachinery's Go code."""

import itertools

import pytest

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util.errors import Aggregate
from tests.differential.machinery_oracle import run_oracle

pytestmark = pytest.mark.differential

SETS = [{}, {"app": "web"}, {"app": "web", "tier": "a"}, {"app": "db", "tier": "b"}, {"canary": "1", "app": "web"}]


def corpus():
    label_maps = [{}, {"app": "web"}, {"app": "web", "tier": "a"}, {"bad key": "x"}, {"app": "bad value!"}]
    expression_sets = [
        [],
        [{"key": "tier", "operator": "In", "values": ["a", "b"]}],
        [{"key": "tier", "operator": "In", "values": ["a"]}],
        [{"key": "tier", "operator": "NotIn", "values": ["b"]}],
        [{"key": "canary", "operator": "DoesNotExist"}],
        [{"key": "app", "operator": "Exists"}],
        [{"key": "x", "operator": "Bogus", "values": ["1"]}],
        [{"key": "x", "operator": "In", "values": []}],
        [{"key": "x", "operator": "Exists", "values": ["1"]}],
        [{"key": "", "operator": "Exists"}],
        [{"key": "tier", "operator": "In", "values": ["b", "a", "a"]}],
    ]
    texts = [
        "",
        "app=web",
        "app==web,tier in (b,a)",
        "!canary,app",
        "x>1",
        "x<2",
        "x notin (a)",
        "x in (",
        "a=b,a=c",
        "x!=y",
        "bad key",
    ]
    cases = [{"nil": True, "text": "app=web", "sets": SETS}]
    for (m, e), t in zip(itertools.product(label_maps, expression_sets), itertools.cycle(texts)):
        cases.append({"nil": False, "selector": {"matchLabels": m, "matchExpressions": e}, "text": t, "sets": SETS})
    cases += [{"nil": False, "selector": {}, "text": t, "sets": SETS} for t in texts]
    return cases


def build(case):
    if case["nil"]:
        return None
    sel = case["selector"]
    return metav1.LabelSelector(
        matchLabels=sel.get("matchLabels", {}),
        matchExpressions=[
            metav1.LabelSelectorRequirement(key=e["key"], operator=e["operator"], values=e.get("values", []))
            for e in sel.get("matchExpressions", [])
        ],
    )


def selector_json(ls):
    out = {}
    if ls.matchLabels:
        out["matchLabels"] = dict(ls.matchLabels)
    if ls.matchExpressions:
        out["matchExpressions"] = [
            {"key": e.key, "operator": e.operator, **({"values": list(e.values)} if e.values else {})}
            for e in ls.matchExpressions
        ]
    return out


def python_result(case):
    ps = build(case)
    out = {"format": metav1.format_label_selector(ps)}
    try:
        sel = metav1.label_selector_as_selector(ps)
        out["asSelectorError"] = None
        out["asSelector"] = str(sel)
        out["matches"] = [sel.matches(s) for s in case["sets"]]
    except (ValueError, Aggregate) as err:
        out["asSelectorError"] = str(err)
    try:
        out["asMap"] = [metav1.label_selector_as_map(ps), None]
    except ValueError as err:
        out["asMap"] = [None, str(err)]
    try:
        parsed = metav1.parse_to_label_selector(case["text"])
        out["parseError"] = None
        out["parsed"] = selector_json(parsed)
        out["parsedFormat"] = metav1.format_label_selector(parsed)
    except ValueError as err:
        out["parseError"] = str(err)
    return out


def test_label_selector_helpers_match_go(go_oracle):
    cases = corpus()
    go = run_oracle(go_oracle, "labelselector", cases)
    mismatches = []
    for case, want in zip(cases, go):
        got = python_result(case)
        if want["asMap"][1] is not None:
            want["asMap"][0] = None  # Go also returns the partial map it built before the error
        if got != want:
            mismatches.append(
                (case, {k: (want.get(k), got.get(k)) for k in set(want) | set(got) if want.get(k) != got.get(k)})
            )
    assert mismatches[:10] == []
