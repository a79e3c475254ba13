"""client-go scale/roundtrip_test.go's TestRoundTrip (apimachinery's RoundTripTestForScheme without protobuf over
the scale converter's scheme): fuzzed internal scales, with label selectors as apimachinery's meta fuzzer makes
them (valid keys and values, expressions sorted by key, In/NotIn values sorted and deduplicated), go to every
external scale version, through JSON, and back to the same internal scale."""

from __future__ import annotations

import random

import pytest

from kubernetes_py import scale
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.scale import scheme as scalescheme

ITERATIONS = 150  # per external version; a few ms each
_START_END = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MIDDLE = _START_END + ".-_"
_DNS_START_END = "0123456789abcdefghijklmnopqrstuvwxyz"
_DNS_MIDDLE = _DNS_START_END + "-"


def _part(r: random.Random, start_end: str, middle: str, length: int) -> str:
    if length == 0:
        return ""
    runes = [r.choice(start_end)] + [r.choice(middle) for _ in range(length - 1)]
    runes[-1] = r.choice(start_end)
    return "".join(runes)


def random_label_part(r: random.Random, can_be_empty: bool) -> str:
    """apimachinery's meta fuzzer randomLabelPart."""
    length = r.randrange(64) if can_be_empty else r.randrange(63) + 1
    return _part(r, _START_END, _MIDDLE, length)


def random_label_key(r: random.Random) -> str:
    """apimachinery's meta fuzzer randomLabelKey: a name part, with a DNS prefix half the time."""
    name = random_label_part(r, False)
    if r.random() < 0.5:
        prefix = ".".join(_part(r, _DNS_START_END, _DNS_MIDDLE, r.randrange(63) + 1) for _ in range(r.randrange(2) + 1))
        return prefix + "/" + name
    return name


def random_label_selector(r: random.Random) -> metav1.LabelSelector:
    """apimachinery's meta fuzzer func for metav1.LabelSelector."""
    match_labels = {random_label_key(r): random_label_part(r, True) for _ in range(r.randrange(3))}
    n_expressions = r.randrange(3)
    if not match_labels and not n_expressions:
        n_expressions = r.randrange(2) + 1
    expressions = []
    for _ in range(n_expressions):
        op = r.choice(["In", "NotIn", "Exists", "DoesNotExist"])
        values = []
        if op in ("In", "NotIn"):
            values = sorted({random_label_part(r, True) for _ in range(r.randrange(2) + 1)})
        expressions.append(metav1.LabelSelectorRequirement(key=random_label_key(r), operator=op, values=values))
    expressions.sort(key=lambda e: e.key)
    return metav1.LabelSelector(matchLabels=match_labels, matchExpressions=expressions)


def random_internal_scale(r: random.Random) -> scalescheme.Scale:
    meta = metav1.ObjectMeta(
        name=random_label_part(r, False),
        namespace=random_label_part(r, True),
        uid=random_label_part(r, True),
        resourceVersion=str(r.randrange(1 << 30)),
        generation=r.randrange(1 << 40),
        labels={random_label_key(r): random_label_part(r, True) for _ in range(r.randrange(3))},
        annotations={random_label_key(r): random_label_part(r, True) for _ in range(r.randrange(3))},
    )
    selector = random_label_selector(r) if r.random() < 0.8 else None
    return scalescheme.Scale(
        metadata=meta,
        spec=scalescheme.ScaleSpec(r.randrange(-(1 << 31), 1 << 31)),
        status=scalescheme.ScaleStatus(r.randrange(-(1 << 31), 1 << 31), selector),
    )


CONVERTER = scale.new_scale_converter()


@pytest.mark.parametrize(
    "gvk",
    sorted(CONVERTER.scheme().all_known_types(), key=str),
    ids=lambda gvk: f"{gvk.group}.{gvk.version}.{gvk.kind}",
)
def test_round_trip(gvk):
    """TestRoundTrip: internal -> external -> JSON -> external -> internal gives the internal scale back."""
    r = random.Random(f"scale roundtrip {gvk}")
    codecs = CONVERTER.codecs()
    encoder = codecs.legacy_codec(gvk.group_version())
    decoder = codecs.universal_deserializer()
    for _ in range(ITERATIONS):
        internal = random_internal_scale(r)
        external = CONVERTER.convert_to_version(internal, gvk.group_version())
        data = runtime.encode(encoder, external)
        decoded, decoded_gvk = decoder.decode(data, None, None)
        assert decoded_gvk == gvk
        assert decoded == external, data
        back = CONVERTER.convert_to_version(decoded, scalescheme.SchemeGroupVersion)
        assert back == internal, data
