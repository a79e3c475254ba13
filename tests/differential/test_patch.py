"""Differential tests of the patch packages against the real Go code (hack/oracle/cmd/patch): two-way and
three-way strategic merge patches, and the results of applying strategic, JSON and merge patches, over a
seeded corpus of typed objects of several kinds."""

from __future__ import annotations

import json
import os
import random
import subprocess

import pytest
import yaml

from kubernetes_py import _jsonpatch
from kubernetes_py.apimachinery.util import jsonmergepatch, strategicpatch
from tests.differential.patch_corpus import corpus, dump, json_patch_ops, merge_patch_for, message_class

pytestmark = pytest.mark.differential

# PATCH_SEED / PATCH_PER_KIND run a different or larger corpus (the default is 12 kinds x 25 objects).
CORPUS = corpus(seed=int(os.environ.get("PATCH_SEED", "7")), per_kind=int(os.environ.get("PATCH_PER_KIND", "25")))


def _data_struct(kind: str):
    if kind == "Unstructured":
        from kubernetes_py.apimachinery.apis.meta.v1 import unstructured

        return unstructured.Unstructured({})
    return message_class(kind)()


def _ours(request: dict) -> dict:
    """Our answer to an oracle request: {"result": text} or {"error": text}."""

    def b(name):
        value = request.get(name)
        return None if value is None else value.encode()

    try:
        op = request["op"]
        if op == "json_patch":
            out = _jsonpatch.decode_patch(b("patch")).apply(b("original"))
        elif op == "merge_patch":
            out = _jsonpatch.merge_patch(b("original"), b("patch"))
        elif op == "create_merge_patch":
            out = _jsonpatch.create_merge_patch(b("original"), b("modified"))
        elif op == "three_way_json":
            out = jsonmergepatch.create_three_way_json_merge_patch(b("original"), b("modified"), b("current"))
        elif op == "two_way":
            out = strategicpatch.create_two_way_merge_patch(b("original"), b("modified"), _data_struct(request["kind"]))
        elif op == "smp":
            out = strategicpatch.strategic_merge_patch(b("original"), b("patch"), _data_struct(request["kind"]))
        else:
            schema = strategicpatch.new_patch_meta_from_struct(_data_struct(request["kind"]))
            out = strategicpatch.create_three_way_merge_patch(
                b("original"), b("modified"), b("current"), schema, request["overwrite"]
            )
    except Exception as err:  # every error text is compared with Go's
        return {"error": str(err)}
    return {"result": out.decode()}


def _oracle(binary, requests: list[dict]) -> list[dict]:
    proc = subprocess.run(
        [str(binary)],
        input="\n".join(json.dumps(r) for r in requests) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in proc.stdout.splitlines()]


_CONFLICT = "\nconflicts with changes made from original to current:\n"


def _conflict_parts(answer: dict):
    """A conflict error's two YAML documents with scalar lists sorted.

    Go's conflict check walks maps in random order and sorts the scalar lists it compares in place, so
    which of them appear sorted in the message differs from run to run of Go itself."""
    error = answer.get("error", "")
    if not error.startswith("patch:\n") or _CONFLICT not in error:
        return None
    patch, current = error[len("patch:\n") :].split(_CONFLICT)

    def norm(v):
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        if isinstance(v, list):
            items = [norm(x) for x in v]
            return sorted(items, key=json.dumps) if all(not isinstance(x, (dict, list)) for x in items) else items
        return v

    return norm(yaml.safe_load(patch)), norm(yaml.safe_load(current))


def _same(go: dict, ours: dict) -> bool:
    if go == ours:
        return True
    parts = _conflict_parts(go)
    return parts is not None and parts == _conflict_parts(ours)


def _compare(binary, requests: list[dict]) -> int:
    answers = _oracle(binary, requests)
    assert len(answers) == len(requests)
    mismatches = [(r, a, _ours(r)) for r, a in zip(requests, answers) if not _same(a, _ours(r))]
    # Go walks maps in random order and stops at the first conflict or error it meets (the conflict check,
    # $setElementOrder keys), so one request can fail in different ways from run to run of Go: where Go's
    # first answer differs from ours, ours must be one of the answers Go gives over 40 more runs.
    mismatches = [(r, a, o) for r, a, o in mismatches if not any(_same(g, o) for g in _oracle(binary, [r] * 40))]
    assert not mismatches, (
        "\n\n".join(f"request {json.dumps(r)}\n  go:   {a}\n  ours: {o}" for r, a, o in mismatches[:5])
        + f"\n({len(mismatches)} mismatches)"
    )
    return len(requests)


def test_strategic_merge_patches_match_go(go_oracle):
    binary = go_oracle("patch")
    two_way = [
        {"op": "two_way", "kind": k, "original": dump(o).decode(), "modified": dump(m).decode()}
        for k, o, m, _ in CORPUS
    ]
    go_patches = _oracle(binary, two_way)
    requests = list(two_way)
    for (kind, original, modified, current), answer in zip(CORPUS, go_patches):
        if "result" not in answer:  # e.g. a list element without its merge key: the error is compared
            continue
        requests.append({"op": "smp", "kind": kind, "original": dump(current).decode(), "patch": answer["result"]})
        requests.append({"op": "smp", "kind": kind, "original": dump(original).decode(), "patch": answer["result"]})
        for overwrite in (False, True):
            requests.append(
                {
                    "op": "three_way",
                    "kind": kind,
                    "original": dump(original).decode(),
                    "modified": dump(modified).decode(),
                    "current": dump(current).decode(),
                    "overwrite": overwrite,
                }
            )
    failed = sum("result" not in a for a in go_patches)
    assert failed < len(CORPUS) // 10
    assert _compare(binary, requests) == 5 * len(CORPUS) - 4 * failed


def test_three_way_results_apply_like_go(go_oracle):
    binary = go_oracle("patch")
    three_way = [
        {
            "op": "three_way",
            "kind": k,
            "original": dump(o).decode(),
            "modified": dump(m).decode(),
            "current": dump(c).decode(),
            "overwrite": True,
        }
        for k, o, m, c in CORPUS
    ]
    requests = []
    for (kind, _, _, current), answer in zip(CORPUS, _oracle(binary, three_way)):
        if "result" not in answer:
            continue
        requests.append({"op": "smp", "kind": kind, "original": dump(current).decode(), "patch": answer["result"]})
    _compare(binary, requests)


def test_json_and_merge_patches_match_go(go_oracle):
    binary = go_oracle("patch")
    r = random.Random(11)
    requests = []
    for _, _, modified, current in CORPUS:
        requests.append(
            {"op": "json_patch", "original": dump(current).decode(), "patch": json.dumps(json_patch_ops(r, current))}
        )
        requests.append(
            {
                "op": "merge_patch",
                "original": dump(current).decode(),
                "patch": json.dumps(merge_patch_for(r, current, modified)),
            }
        )
    # Raw text survives where nothing looks inside: spacing, key order and number spelling of untouched parts.
    requests.append(
        {
            "op": "json_patch",
            "original": '{"b": {"z": 1.0, "a": [1, 2e3]}, "a": "<x>"}',
            "patch": '[{"op": "add", "path": "/c", "value": {"y": 1.50, "x": null}}]',
        }
    )
    requests.append(
        {
            "op": "merge_patch",
            "original": '{"b": {"z": 1.0, "a": [1, 2e3]}, "a": "<x>"}',
            "patch": '{"b": {"a": null, "q": {"n": null}}, "c": [null, {"d": null}]}',
        }
    )
    # Malformed and failing patches: Go's error texts.
    for patch in [
        '{"op": "add"}',
        '[{"op": "add", "path": "/x"',
        "[1]",
        '[{"op": "bogus", "path": "/a"}]',
        '[{"op": "remove", "path": "/a/b/c"}]',
        '[{"op": "add", "path": "/b/a/7", "value": 1}]',
        '[{"op": "add", "path": "/b/a/x", "value": 1}]',
        '[{"op": "test", "path": "/a", "value": "y"}]',
        '[{"op": "replace", "path": "/q", "value": 1}]',
        '[{"op": "move", "from": "/q", "path": "/r"}]',
        '[{"op": "copy", "from": "/b", "path": "/b/a/-"}]',
        '[{"op": "remove", "path": "/b/a/-1"}]',
    ]:
        requests.append({"op": "json_patch", "original": '{"a": "x", "b": {"a": [1, 2]}}', "patch": patch})
    for original, patch in [
        ("{", "{}"),
        ("{}", "{"),
        ("[]", "{}"),
        ("{}", "[1, null]"),
        ("null", "{}"),
        ("{}", "null"),
        ('"s"', '{"a": null}'),
    ]:
        requests.append({"op": "merge_patch", "original": original, "patch": patch})
    _compare(binary, requests)


def test_long_lists_with_duplicate_merge_keys_sort_like_go(go_oracle):
    """More than 12 entries with repeated merge keys: the order of equal keys comes from Go's pdqsort."""
    binary = go_oracle("patch")
    r = random.Random(5)
    requests = []
    for _ in range(40):

        def env():
            return [{"name": f"E{r.randrange(6)}", "value": f"v{i}"} for i in range(r.randrange(13, 60))]

        def pod(containers):
            return {
                "metadata": {"name": "p", "finalizers": [f"f{r.randrange(9)}" for _ in range(r.randrange(13, 40))]},
                "spec": {"containers": containers},
            }

        original = pod([{"name": "c", "image": "i", "env": env()}])
        modified = pod([{"name": "c", "image": "j", "env": env()}])
        current = pod([{"name": "c", "image": "i", "env": env()}])
        for op in ("two_way", "three_way"):
            requests.append(
                {
                    "op": op,
                    "kind": "Pod",
                    "original": dump(original).decode(),
                    "modified": dump(modified).decode(),
                    "current": dump(current).decode(),
                    "overwrite": True,
                }
            )
        requests.append(
            {
                "op": "smp",
                "kind": "Pod",
                "original": dump(current).decode(),
                "patch": json.dumps(
                    {
                        "spec": {"containers": [{"name": "c", "env": env()}]},
                        "metadata": {"finalizers": [f"g{i % 7}" for i in range(20)]},
                    }
                ),
            }
        )
    _compare(binary, requests)


def test_json_merge_patches_match_go(go_oracle):
    """jsonpatch.CreateMergePatch and jsonmergepatch.CreateThreeWayJSONMergePatch over the corpus."""
    requests = []
    for _, original, modified, current in CORPUS:
        o, m, c = dump(original).decode(), dump(modified).decode(), dump(current).decode()
        requests.append({"op": "create_merge_patch", "original": o, "modified": m})
        requests.append({"op": "three_way_json", "original": o, "modified": m, "current": c})
    for original, modified in [
        ('{"a": 1.50, "b": [1, 2e3], "c": null}', '{"a": 1.5, "b": [1, 2000], "c": 1}'),
        ('[{"a": 1}, {"b": 2}]', '[{"a": 2}, {"b": 2}]'),
        ("[1]", '{"a": 1}'),
        ("[{}]", "[{}, {}]"),
        ("{", "{}"),
        ('{"a": {"b": 1}}', '{"a": {}}'),
    ]:
        requests.append({"op": "create_merge_patch", "original": original, "modified": modified})
    for original, modified, current in [
        ('{"a": 1}', '{"b": 1}', '{"a": 2}'),
        ("", "", ""),
        ('{"a": {"x": 1}}', '{"a": {"x": 2}}', '{"a": {"x": 1, "y": [1]}}'),
    ]:
        requests.append({"op": "three_way_json", "original": original, "modified": modified, "current": current})
    _compare(go_oracle("patch"), requests)


def test_unstructured_has_no_patch_metadata_like_go(go_oracle):
    """Go's struct-tag lookup on Unstructured finds no field: scalar changes work, anything that needs a
    nested lookup fails with its error."""
    requests = []
    cases = [
        ('{"a": 1, "b": "x"}', '{"a": 2}'),
        ('{"l": [1]}', '{"l": [2]}'),
        ('{"metadata": {"name": "x"}}', '{"metadata": {}}'),
        ('{"m": {"a": 1}}', '{"m": {"a": 1}}'),
    ]
    for original, modified in cases:
        requests.append({"op": "two_way", "kind": "Unstructured", "original": original, "modified": modified})
        requests.append({"op": "smp", "kind": "Unstructured", "original": original, "patch": modified})
        requests.append(
            {
                "op": "three_way",
                "kind": "Unstructured",
                "original": original,
                "modified": modified,
                "current": original,
                "overwrite": False,
            }
        )
    _compare(go_oracle("patch"), requests)
