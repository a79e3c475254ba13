"""float64 values in every JSON encoding path, against client-go's (hack/oracle/cmd/floatjson).

Go's encoding/json writes plain digits from 1e-6 up to 1e21 and an exponent outside (``1e-7``, ``1e+21``), and an
integral value without a fraction (``3``): Python's repr writes ``1e-06``, ``1e+20``, ``3.0``. The paths: an
Unstructured through UnstructuredJSONScheme, a typed object (a CRD's schema maximum) through the JSON serializer,
both its Python and C encoders, and the patch packages' marshal."""

import io
import math
import struct
import subprocess

import pytest

from kubernetes_py._go import json as _gojson
from kubernetes_py._go.json import marshal
from kubernetes_py.apiextensions_apiserver.apis.apiextensions import v1 as apiextensionsv1
from kubernetes_py.apiextensions_apiserver.client.clientset.clientset import scheme as apiext_scheme
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.apis.meta.v1.unstructured.scheme import UnstructuredJSONScheme
from kubernetes_py.apimachinery.runtime import _jsonaccel, _jsonconv
from tests.differential.test_goformat_floats import corpus

pytestmark = pytest.mark.differential


def _bits(f: float) -> str:
    return struct.pack(">d", f).hex()


def _json_serializer():
    return {i.media_type: i for i in apiext_scheme.Codecs.supported_media_types()}["application/json"].serializer


def _crd(f: float):
    props = apiextensionsv1.JSONSchemaProps(maximum=f)
    version = apiextensionsv1.CustomResourceDefinitionVersion(
        name="v1", schema=apiextensionsv1.CustomResourceValidation(openAPIV3Schema=props)
    )
    return apiextensionsv1.CustomResourceDefinition(
        apiVersion="apiextensions.k8s.io/v1",
        kind="CustomResourceDefinition",
        spec=apiextensionsv1.CustomResourceDefinitionSpec(versions=[version]),
    )


def _text(write) -> str:
    try:
        buf = io.BytesIO()
        write(buf)
        return buf.getvalue().decode().removesuffix("\n")
    except ValueError:
        return "error"


def _go_lines(go_oracle, cases):
    proc = subprocess.run(
        [str(go_oracle("floatjson"))],
        input="\n".join(map(_bits, cases)) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = [line.split("\t") for line in proc.stdout.splitlines()]
    assert len(lines) == len(cases)
    return [[("error" if col.startswith("error: ") else col) for col in line] for line in lines]


def test_every_json_path_writes_floats_as_go(go_oracle):
    cases = corpus()
    serializer = _json_serializer()
    mismatches = []
    for f, (go_unstructured, go_typed, go_alone) in zip(cases, _go_lines(go_oracle, cases)):
        u = unstructured.Unstructured({"apiVersion": "v1", "kind": "X", "a": f})
        crd = _crd(f)
        ours = {
            "unstructured": (_text(lambda w: UnstructuredJSONScheme.encode(u, w)), go_unstructured),
            "typed": (_text(lambda w: serializer.encode(crd, w)), go_typed),
            "typed, Python encoder": (_text(lambda w: w.write(_gojson.dumps(_jsonconv.encode(crd)))), go_typed),
            "marshal": (_text(lambda w: w.write(marshal(f))), go_alone),
        }
        fast = _jsonaccel.to_json(crd)
        if fast is not None:
            ours["typed, C encoder"] = (fast.decode(), go_typed)
        for path, (python, go) in ours.items():
            if python != go:
                mismatches.append((repr(f), path, python, go))
    assert mismatches[:10] == []


def test_issue_examples():
    u = unstructured.Unstructured({"a": 1e20, "b": 1e-6, "e": 3.0, "f": 1e-7, "g": 1e21, "h": -0.0, "i": 5})
    assert _gojson.dumps(u.unstructured_content()) == (
        b'{"a":100000000000000000000,"b":0.000001,"e":3,"f":1e-7,"g":1e+21,"h":-0,"i":5}'
    )


def test_raw_json_keeps_the_digits_it_was_read_with():
    # Go writes embedded raw JSON as it kept it; the Python decoder keeps the text Python reads it with.
    crd = _crd(1.5)
    crd.spec.versions[0].schema.openAPIV3Schema.default.raw = b'{"x":1.0,"y":1e-06}'
    assert _jsonconv.encode(crd)["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["default"] == {"x": 1.0, "y": 1e-6}
    assert b'"default":{"x":1.0,"y":1e-06},"maximum":1.5' in _gojson.dumps(_jsonconv.encode(crd))


def test_nan_and_infinities_are_refused_by_every_path():
    for f in (math.inf, -math.inf, math.nan):
        with pytest.raises(ValueError):
            _gojson.dumps({"a": f})
