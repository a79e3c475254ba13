"""The scale converter beside client-go's (hack/oracle/cmd/scaleconvert): every external scale kind converted to
every other (and to versions with no Scale), with selectors as strings, maps and expressions, and unparsable ones;
the same objects (compared as JSON) or the same errors."""

from __future__ import annotations

import json
import subprocess

import pytest

from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime.schema import parse_group_version
from kubernetes_py.scale import client as scaleclient

pytestmark = pytest.mark.differential

VERSIONS = ["autoscaling/v1", "extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"]
TARGETS = VERSIONS + ["apps/v1", "extensions/v1", "cheese.testing.k8s.io/v1"]


def _inputs() -> list[dict]:
    meta = {"name": "web", "namespace": "ns", "resourceVersion": "7", "labels": {"x": "y"}}
    out = []
    for selector in ("", "app=web", "app=web,tier in (a,b)", "!canary", "a=(b", "x=1,y=2"):
        out.append(
            {
                "kind": "Scale",
                "apiVersion": "autoscaling/v1",
                "metadata": meta,
                "spec": {"replicas": 3},
                "status": {"replicas": 2, "selector": selector},
            }
        )
    for version in VERSIONS[1:]:
        for status in (
            {"replicas": 1, "targetSelector": "app=web"},
            {"selector": {"b": "2", "a": "1"}},
            {"selector": {"a": "1"}, "targetSelector": "z notin (q)"},
            {},
            {"targetSelector": "=="},
            {"selector": {}},
        ):
            out.append(
                {"kind": "Scale", "apiVersion": version, "metadata": meta, "spec": {"replicas": 4}, "status": status}
            )
    return out


def _ours(obj: dict, to: str) -> dict:
    try:
        decoded, _ = scaleclient.codecs.universal_deserializer().decode(json.dumps(obj).encode(), None, None)
    except Exception as err:  # noqa: BLE001 - compared with Go's
        return {"err": f"decode: {err}"}
    try:
        converted = scaleclient.scale_converter.convert_to_version(decoded, parse_group_version(to))
    except Exception as err:  # noqa: BLE001
        return {"err": str(err)}
    gv = converted.get_object_kind().group_version_kind().group_version()
    return {"out": json.loads(runtime.encode(scaleclient.codecs.legacy_codec(gv), converted))}


def test_conversions_match_client_go(go_oracle):
    cases = [(obj, to) for obj in _inputs() for to in TARGETS]
    payload = json.dumps([{"in": obj, "to": to} for obj, to in cases])
    proc = subprocess.run(
        [str(go_oracle("scaleconvert"))], input=payload, capture_output=True, text=True, timeout=60, check=True
    )
    answers = json.loads(proc.stdout)
    assert len(answers) == len(cases)
    converted = 0
    for (obj, to), theirs in zip(cases, answers):
        assert _ours(obj, to) == theirs, (obj, to)
        converted += "out" in theirs
    assert converted >= 60
