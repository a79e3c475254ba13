"""Mutated bodies through runtime.decode (JSON, protobuf, YAML, unstructured) and mutated kubeconfigs through
clientcmd.rest_config_from_kube_config: each case ends in a result (which is then written back as JSON) or a clean
library exception,
within a few seconds. Seeded: a failure names its seed and case, and replays alone."""

from __future__ import annotations

import random
import resource

import pytest

from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import UnstructuredJSONScheme
from kubernetes_py.tools import clientcmd

from . import _fuzz as fz

CASES = 600


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(autouse=True)
def bounded_memory():
    before = _rss_mib()
    yield
    assert _rss_mib() - before < 300, "a fuzz case grew the process by more than 300 MiB"


def _fuzz(seed: int, seeds: list[bytes], decode, cases: int = CASES) -> None:
    rng = random.Random(seed)
    for case in range(cases):
        data = fz.mutate(rng, rng.choice(seeds), seeds)
        what = f"seed {seed} case {case} ({data[:80]!r}...)"
        result = fz.run_case(what, lambda: decode(data))
        fz.run_case(what + " written back", lambda: fz.exercise(result))


@pytest.mark.parametrize("seed", [1, 2])
def test_json_bodies(seed):
    _fuzz(seed, fz.json_seeds(), lambda d: runtime.decode(fz.INFOS[fz.JSON_MEDIA].serializer, d))


@pytest.mark.parametrize("seed", [3])
def test_unstructured_json_bodies(seed):
    _fuzz(seed, fz.json_seeds(), lambda d: runtime.decode(UnstructuredJSONScheme, d))


@pytest.mark.parametrize("seed", [4, 5])
def test_protobuf_bodies(seed):
    _fuzz(seed, fz.protobuf_seeds(), lambda d: runtime.decode(fz.INFOS[fz.PROTOBUF_MEDIA].serializer, d))


@pytest.mark.parametrize("seed", [6])
def test_yaml_bodies(seed):
    _fuzz(seed, fz.yaml_seeds(), lambda d: runtime.decode(fz.INFOS[fz.YAML_MEDIA].serializer, d))


@pytest.mark.parametrize("seed", [7, 8])
def test_kubeconfigs(seed):
    _fuzz(seed, [fz.KUBECONFIG] + fz.yaml_seeds()[-2:], clientcmd.rest_config_from_kube_config)
