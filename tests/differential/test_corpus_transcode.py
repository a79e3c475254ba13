"""The C JSON transcoder against the Python decoder on Go's randfill corpus of every scheme kind.

The corpus oracle (hack/oracle/cmd/corpus) prints, per sample, the object Go's JSON decoder read back
(``json``) and the same object after a protobuf round trip (``json_via_protobuf``). Each is checked as
Go writes it (compact, keys in Go's order, <, > and & escaped: _jsonconv._go_json_text writes exactly
Go's bytes for these values) and re-laid out with whitespace and ASCII escapes (randfill strings are
full of non-ASCII characters, so of surrogate pairs once escaped). On every input the contract of
tests/unit/runtime/test_json2pb.py holds, and the C path decodes the large majority itself.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from kubernetes_py.apimachinery.runtime import _jsonconv
from tests.differential.test_corpus import _class_for, corpus, crd_corpus  # noqa: F401 - fixtures
from tests.unit.runtime.test_json2pb import _contract, _extension_built  # noqa: F401 - fixture

pytestmark = [pytest.mark.differential, pytest.mark.usefixtures("_extension_built")]


def _layouts(value) -> list[bytes]:
    return [_jsonconv._go_json_text(value), json.dumps(value, indent=1, ensure_ascii=True).encode()]


def _check_all(samples):
    """(inputs checked, {kind: inputs the C path left to Python})."""
    checked = 0
    bails: Counter = Counter()
    for sample in samples:
        if "error" in sample:
            continue
        cls = _class_for(sample)
        for member in ("json", "json_via_protobuf"):
            for data in _layouts(sample[member]):
                checked += 1
                try:
                    outcome = _contract(cls, data)
                except AssertionError as err:
                    raise AssertionError(
                        f"{sample['group']}/{sample['version']} {sample['kind']} {sample['variant']} ({member}): {err}"
                    ) from None
                if outcome == "bail":
                    bails[sample["kind"]] += 1
    return checked, bails


def test_corpus_keeps_the_contract_and_is_mostly_transcoded(corpus):  # noqa: F811 - the imported fixture
    checked, bails = _check_all(corpus)
    assert checked >= 4 * 1300
    # The randfill objects are plain JSON of the expected shapes but for a few nulls (nil []byte map
    # values of Secret, nil ExtraValue map values): the C path leaves at most 1% to Python.
    assert sum(bails.values()) <= checked // 100, f"{sum(bails.values())} of {checked} bailed: {dict(bails)}"


def test_apiextensions_corpus_keeps_the_contract(crd_corpus):  # noqa: F811 - the imported fixture
    checked, bails = _check_all(crd_corpus)
    assert checked >= 4 * 12
    # JSONSchemaProps has members the C path has no description for (JSONSchemaPropsOr*, float64):
    # the randfill CRDs mostly leave them empty.
    assert sum(bails.values()) <= checked // 10, f"{sum(bails.values())} of {checked} bailed: {dict(bails)}"
