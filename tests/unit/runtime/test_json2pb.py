"""The C JSON transcoder (_json2pb, through _jsonaccel) against the Python JSON decoder (_jsonconv).

The contract, for any bytes ``data`` and message class ``cls``:

    enc = _jsonaccel.transcode(cls, data)
    if enc is not None:
        the Python decoder (json.loads, then _jsonconv.decode) does not raise on data, and
        cls.FromString(enc) serializes to the very bytes of the Python result (presence included).

A None answer ("bail") is always allowed by the contract; the cases below also say which inputs the C
path must handle itself (plain JSON of the expected shapes), so that it cannot pass by bailing on all.
Every accepted input is checked a second time with an unknown member added at its root: that sends the
Python decoder down its checking path instead of its fast path, and the C path must equal both.
"""

from __future__ import annotations

import base64
import copy
import importlib
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

import pytest

from kubernetes_py import _schema
from kubernetes_py._schema import gotypes
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.authorization import v1 as authzv1
from kubernetes_py.api.coordination import v1 as coordinationv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.events import v1 as eventsv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import _jsonaccel, _jsonconv
from tests.conftest import _unavailable

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))
serialization = importlib.import_module("serialization")

CRD = _schema.message_class("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")


@pytest.fixture(autouse=True)
def _extension_built():
    """Skip without the extension (a machine without a C compiler); in CI (CI=true) fail instead."""
    if not _jsonaccel.AVAILABLE:
        _unavailable("the _json2pb C extension is not built (pip install -e . with a C compiler)")


# ---------------------------------------------------------------------------------------------------
# The contract


def _python(cls, data: bytes):
    """(message, None) from the Python decoder, or (None, the exception it raised)."""
    try:
        return _jsonconv.decode(cls, json.loads(data), source=data), None
    except Exception as err:  # noqa: BLE001 - any error of json.loads or of the decoder is an answer
        return None, err


def _with_unknown_member(data: bytes) -> bytes:
    """data with an unknown member first in its root object (the Python decoder's checking path)."""
    i = data.index(b"{")
    return data[: i + 1] + b'"zzUnknownMember":[1,{"x":null}],' + data[i + 1 :]


def _contract(cls, data: bytes, unknown_variant: bool = True) -> str:
    """Checks the contract on data; "bail" or "equal" (the C path answered and equals Python)."""
    enc = _jsonaccel.transcode(cls, data)
    if enc is None:
        return "bail"
    assert isinstance(enc, bytes)
    result, err = _python(cls, data)
    assert err is None, f"the C path decoded what Python refuses ({err!r}): {data!r}"
    got = cls.FromString(enc).SerializeToString(deterministic=True)
    want = result.SerializeToString(deterministic=True)
    assert got == want, f"C and Python differ on {data!r}:\n  C:      {got!r}\n  Python: {want!r}"
    if unknown_variant and data.lstrip(b" \t\r\n").startswith(b"{") and not data.lstrip().startswith(b"{}"):
        _contract(cls, _with_unknown_member(data), unknown_variant=False)
    return "equal"


def _compact(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


# ---------------------------------------------------------------------------------------------------
# 1. Realistic objects: handled by the C path, and equal


def test_realistic_pod_is_transcoded_and_equal_in_every_layout():
    pod = serialization.realistic_pod(7)
    layouts = [
        _compact(pod),
        json.dumps(pod).encode(),
        json.dumps(pod, indent=2).encode(),
        json.dumps(pod, ensure_ascii=True, indent="\t").encode(),
    ]
    for data in layouts:
        assert _jsonaccel.transcode(corev1.Pod, data) is not None
        assert _contract(corev1.Pod, data) == "equal"
    obj = corev1.Pod.FromString(_jsonaccel.transcode(corev1.Pod, layouts[0]))
    assert obj.metadata.name == "web-00007-7c9f8d6b5-x07qz"
    assert obj.spec.containers[0].livenessProbe.httpGet.port.intVal == 8080
    assert obj.spec.containers[0].readinessProbe.httpGet.port.strVal == "http"
    assert obj.spec.volumes[0].configMap.name == "web-config"
    assert obj.metadata.managedFields[0].fieldsV1.Raw.startswith(b'{"f:metadata":{"f:generateName":{}')


def test_realistic_pod_list_is_transcoded_and_equal():
    data = _compact(serialization.pod_list(20))
    enc = _jsonaccel.transcode(corev1.PodList, data)
    assert enc is not None
    assert _contract(corev1.PodList, data) == "equal"
    items = corev1.PodList.FromString(enc).items
    assert [p.metadata.name for p in items][:2] == ["web-00000-7c9f8d6b5-x00qz", "web-00001-7c9f8d6b5-x01qz"]
    assert len(items) == 20


# ---------------------------------------------------------------------------------------------------
# 2. Case by case: "bail" (the C path must leave the input to Python) or "equal" (it must decode it)

POD, SECRET, CONFIGMAP = corev1.Pod, corev1.Secret, corev1.ConfigMap


def _mf(fields_v1: bytes) -> bytes:
    return b'{"metadata":{"managedFields":[{"manager":"m","fieldsV1":' + fields_v1 + b"}]}}"


def _probe_port(port: bytes) -> bytes:
    return b'{"spec":{"containers":[{"name":"c","livenessProbe":{"httpGet":{"port":' + port + b"}}}]}}"


def _deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


CASES = [
    # nulls
    ("null list element", POD, b'{"spec":{"containers":[null]}}', "bail"),
    ("null string list element", POD, b'{"spec":{"containers":[{"args":["a",null]}]}}', "bail"),
    ("null map value", POD, b'{"metadata":{"labels":{"a":null}}}', "bail"),
    ("null map value of a wrapped slice", authzv1.SubjectAccessReview, b'{"spec":{"extra":{"a":null}}}', "bail"),
    ("null member", POD, b'{"metadata":null,"spec":{"nodeName":null,"containers":null}}', "equal"),
    ("null condition time", POD, b'{"status":{"conditions":[{"type":"Ready","lastProbeTime":null}]}}', "equal"),
    # members
    ("duplicate member", POD, b'{"metadata":{"name":"a","name":"b"}}', "bail"),
    ("duplicate TypeMeta member", POD, b'{"kind":"Pod","apiVersion":"v1","kind":"Pod"}', "bail"),
    ("duplicate map key (last wins in both)", POD, b'{"metadata":{"labels":{"a":"1","a":"2"}}}', "equal"),
    ("duplicate unknown member", POD, b'{"zz":1,"zz":{"a":[]},"metadata":{"name":"a"}}', "equal"),
    (
        "unknown members are ignored",
        POD,
        b'{"metadata":{"name":"a","x":{"y":[1,2.5,"s",null,true]}},"status":{"w":-1e9},"q":"\\u0041"}',
        "equal",
    ),
    ("member name with escapes", POD, b'{"met\\u0061data":{"n\\u0061me":"a"}}', "equal"),
    ("TypeMeta", POD, b'{"apiVersion":"v1","kind":"Pod"}', "equal"),
    ("TypeMeta of the wrong type", POD, b'{"apiVersion":1}', "bail"),
    # numbers
    ("float where an int belongs", POD, b'{"spec":{"priority":1.0}}', "bail"),
    ("exponent where an int belongs", POD, b'{"spec":{"priority":1e0}}', "bail"),
    ("int32 maximum", POD, b'{"spec":{"priority":2147483647}}', "equal"),
    ("int32 minimum", POD, b'{"spec":{"priority":-2147483648}}', "equal"),
    ("int above int32", POD, b'{"spec":{"priority":2147483648}}', "bail"),
    ("int below int32", POD, b'{"spec":{"priority":-2147483649}}', "bail"),
    ("minus zero", POD, b'{"spec":{"priority":-0}}', "equal"),
    ("leading zero", POD, b'{"spec":{"priority":01}}', "bail"),
    ("int64 maximum", POD, b'{"metadata":{"generation":9223372036854775807}}', "equal"),
    ("int64 minimum", POD, b'{"metadata":{"generation":-9223372036854775808}}', "equal"),
    ("int above int64", POD, b'{"metadata":{"generation":9223372036854775808}}', "bail"),
    ("25-digit int64", POD, b'{"metadata":{"generation":1234567890123456789012345}}', "bail"),
    ("401-digit number in an ignored member", POD, b'{"zz":' + b"9" * 401 + b',"metadata":{"name":"a"}}', "bail"),
    ("300-digit number in FieldsV1", POD, _mf(b'{"f:a":' + b"7" * 300 + b"}"), "equal"),
    ("NaN", POD, b'{"spec":{"priority":NaN}}', "bail"),
    ("Infinity", POD, b'{"spec":{"priority":Infinity}}', "bail"),
    ("-Infinity in an ignored member", POD, b'{"zz":-Infinity}', "bail"),
    ("NaN as a map value", POD, b'{"metadata":{"annotations":{"a":NaN}}}', "bail"),
    # other types
    ("bool given 1", POD, b'{"spec":{"hostNetwork":1}}', "bail"),
    ("bool given 0", POD, b'{"spec":{"hostNetwork":0}}', "bail"),
    ("bool given a string", POD, b'{"spec":{"hostNetwork":"true"}}', "bail"),
    ("bools", POD, b'{"spec":{"hostNetwork":true,"hostPID":false}}', "equal"),
    ("string where an object belongs", POD, b'{"metadata":"x"}', "bail"),
    ("list where an object belongs", POD, b'{"metadata":[]}', "bail"),
    ("object where a list belongs", POD, b'{"spec":{"containers":{}}}', "bail"),
    ("string where a list belongs", POD, b'{"spec":{"containers":"ab"}}', "bail"),
    ("list where a map belongs", POD, b'{"metadata":{"labels":[]}}', "bail"),
    ("object where a string belongs", POD, b'{"metadata":{"name":{}}}', "bail"),
    ("number where a string belongs", POD, b'{"metadata":{"name":1}}', "bail"),
    ("wrapped slice given a string", authzv1.SubjectAccessReview, b'{"spec":{"extra":{"a":"x"}}}', "bail"),
    ("wrapped slices", authzv1.SubjectAccessReview, b'{"spec":{"extra":{"a":["x","y"],"b":[]}}}', "equal"),
    ("Verbs", metav1.APIResourceList, b'{"resources":[{"name":"pods","verbs":["get","list"]},{"verbs":[]}]}', "equal"),
    # strings
    ("\\u escapes", POD, b'{"metadata":{"name":"\\u00e9\\u4e2d\\u0000\\u001f"}}', "equal"),
    ("surrogate pair", POD, b'{"metadata":{"name":"\\ud83d\\ude00"}}', "equal"),
    ("uppercase hex escape", POD, b'{"metadata":{"name":"\\uD83D\\uDE00\\u00E9"}}', "equal"),
    ("lone high surrogate", POD, b'{"metadata":{"name":"\\ud83d"}}', "bail"),
    ("lone low surrogate", POD, b'{"metadata":{"name":"\\ude00"}}', "bail"),
    ("high surrogate then a letter", POD, b'{"metadata":{"name":"\\ud83d\\u0041"}}', "bail"),
    ("lone surrogate in an ignored member", POD, b'{"zz":"\\udc00","metadata":{"name":"a"}}', "equal"),
    ("short \\u escape", POD, b'{"metadata":{"name":"\\u12"}}', "bail"),
    ("simple escapes", POD, b'{"metadata":{"name":"\\"\\\\\\/\\b\\f\\n\\r\\t"}}', "equal"),
    ("escaped slash", POD, b'{"metadata":{"name":"a\\/b"}}', "equal"),
    ("unknown escape", POD, b'{"metadata":{"name":"a\\qb"}}', "bail"),
    ("UTF-8", POD, '{"metadata":{"name":"é中😀\u2028"}}'.encode(), "equal"),
    ("DEL", POD, b'{"metadata":{"name":"\x7f"}}', "equal"),
    ("invalid UTF-8 byte", POD, b'{"metadata":{"name":"a\xffb"}}', "bail"),
    ("truncated UTF-8 sequence", POD, b'{"metadata":{"name":"a\xc3"}}', "bail"),
    ("overlong UTF-8", POD, b'{"metadata":{"name":"\xc0\xaf"}}', "bail"),
    ("UTF-8 encoded surrogate", POD, b'{"metadata":{"name":"a\xed\xa0\x80b"}}', "bail"),
    ("invalid UTF-8 in an ignored member", POD, b'{"zz":"\xff"}', "bail"),
    ("control character in a string", POD, b'{"metadata":{"name":"a\x01b"}}', "bail"),
    ("newline in a string", POD, b'{"metadata":{"name":"a\nb"}}', "bail"),
    ("unterminated string", POD, b'{"metadata":{"name":"a', "bail"),
    # document structure
    ("empty object", POD, b"{}", "equal"),
    ("trailing garbage", POD, b'{"metadata":{"name":"a"}} x', "bail"),
    ("second document", POD, b'{"metadata":{}}{}', "bail"),
    ("trailing comma", POD, b'{"metadata":{"name":"a",}}', "bail"),
    ("missing colon", POD, b'{"metadata" {}}', "bail"),
    ("leading BOM", POD, b'\xef\xbb\xbf{"metadata":{"name":"a"}}', "bail"),
    ("not an object", POD, b'[{"metadata":{}}]', "bail"),
    ("null document", POD, b"null", "bail"),
    ("empty input", POD, b"", "bail"),
    ("truncated", POD, b'{"metadata":{"name":"a"}', "bail"),
    (
        "whitespace everywhere",
        POD,
        b' \t\n\r{ \t\n\r"metadata" \t\n\r: \t\n\r{ "name" : "a" , "labels" : { "a" : "b" } , "finalizers" : [ "x" ,'
        b' "y" ] } ,\n"spec":{ "containers" : [ { "ports" : [ { "containerPort" : 80 } ] } ] } \n}\r\n',
        "equal",
    ),
    (
        "whitespace inside empty containers",
        POD,
        b'{"metadata":{ "labels":{ }, "finalizers":[\n] },"spec":{ }}',
        "equal",
    ),
    ("nesting in an ignored member at the limit", POD, b'{"zz":' + _deep(99) + b"}", "equal"),
    ("nesting in an ignored member beyond the limit", POD, b'{"zz":' + _deep(100) + b"}", "bail"),
    ("nesting in FieldsV1 beyond the limit", POD, _mf(_deep(100)), "bail"),
    ("very deep nesting", POD, b'{"zz":' + _deep(100000) + b"}", "bail"),
    # []byte as base64
    ("base64 Secret.data", SECRET, b'{"data":{"a":"QQ==","b":"QUI=","c":"QUJD","d":""}}', "equal"),
    ("base64 ConfigMap.binaryData", CONFIGMAP, b'{"binaryData":{"bin":"AAEC/+8="}}', "equal"),
    ("base64 with unused bits set", SECRET, b'{"data":{"a":"QR=="}}', "equal"),
    ("base64 written with escapes", SECRET, b'{"data":{"a":"Q\\u0051=\\u003d","b":"\\/w=="}}', "equal"),
    ("base64 without padding", SECRET, b'{"data":{"a":"QQ"}}', "bail"),
    ("base64 with too much padding", SECRET, b'{"data":{"a":"Q==="}}', "bail"),
    ("base64 padding inside", SECRET, b'{"data":{"a":"QQ==QUJD"}}', "bail"),
    ("base64 bad character", SECRET, b'{"data":{"a":"Q!=="}}', "bail"),
    ("base64 URL alphabet", SECRET, b'{"data":{"a":"_-8="}}', "bail"),
    ("base64 with a space", CONFIGMAP, b'{"binaryData":{"a":"A A=="}}', "bail"),
    ("base64 with a line break", SECRET, b'{"data":{"a":"QUJD\\nQUJD"}}', "bail"),
    ("base64 given a number", SECRET, b'{"data":{"a":1}}', "bail"),
    ("Secret.stringData", SECRET, b'{"stringData":{"a":"plain"},"type":"Opaque","immutable":false}', "equal"),
    # IntOrString
    ("IntOrString int", POD, _probe_port(b"8080"), "equal"),
    ("IntOrString zero", POD, _probe_port(b"0"), "equal"),
    ("IntOrString negative", POD, _probe_port(b"-2147483648"), "equal"),
    ("IntOrString string", POD, _probe_port(b'"http"'), "equal"),
    ("IntOrString empty string", POD, _probe_port(b'""'), "equal"),
    ("IntOrString out of range", POD, _probe_port(b"2147483648"), "bail"),
    ("IntOrString float", POD, _probe_port(b"80.5"), "bail"),
    ("IntOrString bool", POD, _probe_port(b"true"), "bail"),
    ("IntOrString object", POD, _probe_port(b"{}"), "bail"),
    (
        "IntOrString in a Deployment",
        appsv1.Deployment,
        b'{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":0}}}}',
        "equal",
    ),
    # Quantity
    (
        "Quantity",
        POD,
        b'{"spec":{"containers":[{"resources":{"limits":{"cpu":"500m","memory":"1Gi"},'
        b'"requests":{"cpu":"0.5","memory":"1e3"}}}]}}',
        "equal",
    ),
    ("Quantity with spaces", POD, b'{"spec":{"containers":[{"resources":{"limits":{"cpu":" 1 "}}}]}}', "equal"),
    ("Quantity invalid", POD, b'{"spec":{"containers":[{"resources":{"limits":{"cpu":"1x"}}}]}}', "bail"),
    ("Quantity empty", POD, b'{"spec":{"containers":[{"resources":{"limits":{"cpu":""}}}]}}', "bail"),
    ("Quantity given a number", POD, b'{"spec":{"containers":[{"resources":{"limits":{"cpu":1}}}]}}', "bail"),
    # Time and MicroTime
    ("Time", POD, b'{"metadata":{"creationTimestamp":"2024-01-02T03:04:05Z"}}', "equal"),
    ("Time zero", POD, b'{"metadata":{"creationTimestamp":"0001-01-01T00:00:00Z"}}', "equal"),
    ("pointer Time zero", POD, b'{"metadata":{"deletionTimestamp":"0001-01-01T00:00:00Z"}}', "equal"),
    (
        "Time with fraction and offset",
        POD,
        b'{"metadata":{"creationTimestamp":"2024-01-02T03:04:05.123456+02:00"}}',
        "equal",
    ),
    ("Time invalid month", POD, b'{"metadata":{"creationTimestamp":"2024-13-02T03:04:05Z"}}', "bail"),
    ("Time empty", POD, b'{"metadata":{"creationTimestamp":""}}', "bail"),
    ("Time given a number", POD, b'{"metadata":{"creationTimestamp":0}}', "bail"),
    ("Time written with escapes", POD, b'{"metadata":{"creationTimestamp":"2024-01-02T03:04:05\\u005a"}}', "equal"),
    ("MicroTime", eventsv1.Event, b'{"eventTime":"2024-01-02T03:04:05.123456Z"}', "equal"),
    ("MicroTime with offset", eventsv1.Event, b'{"eventTime":"2024-01-02T03:04:05.000001-07:30"}', "equal"),
    ("MicroTime zero", eventsv1.Event, b'{"eventTime":"0001-01-01T00:00:00.000000Z"}', "equal"),
    ("MicroTime one microsecond after zero", eventsv1.Event, b'{"eventTime":"0001-01-01T00:00:00.000001Z"}', "equal"),
    ("MicroTime without fraction", eventsv1.Event, b'{"eventTime":"2024-01-02T03:04:05Z"}', "bail"),
    ("MicroTime with nanoseconds", eventsv1.Event, b'{"eventTime":"2024-01-02T03:04:05.123456789Z"}', "bail"),
    ("MicroTime invalid", eventsv1.Event, b'{"eventTime":"bad"}', "bail"),
    (
        "MicroTime in a Lease",
        coordinationv1.Lease,
        b'{"spec":{"renewTime":"2024-01-02T03:04:05.123456Z","leaseDurationSeconds":15}}',
        "equal",
    ),
    # FieldsV1 (the Python decoder re-encodes JSON that is not in Go's compact form)
    ("FieldsV1 compact", POD, _mf(b'{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}'), "equal"),
    ("FieldsV1 with spaces", POD, _mf(b'{ "f:a" : { } ,\n "f:b":[ 1 , 2 ] }'), "equal"),
    ("FieldsV1 with < & >", POD, _mf(b'{"k:{\\"a\\":\\"<&>\\"}":{}}'), "equal"),
    ("FieldsV1 with escaped < ", POD, _mf(b'{"a":"\\u003c"}'), "equal"),
    ("FieldsV1 with U+2028", POD, _mf('{"a":"\u2028\u2029"}'.encode()), "equal"),
    ("FieldsV1 with escapes", POD, _mf(b'{"a":"\\u0041\\/\\"\\\\\\b\\f\\n\\r\\t\\u0001"}'), "equal"),
    ("FieldsV1 with floats", POD, _mf(b'{"a":1.5,"b":1e3,"c":-0,"d":1.0,"e":2E-2}'), "equal"),
    ("FieldsV1 with duplicate keys", POD, _mf(b'{"a":1,"b":2,"a":3}'), "equal"),
    ("FieldsV1 with nested duplicate keys", POD, _mf(b'{"a":{"x":1,"x":{"y":2}}}'), "equal"),
    (
        "FieldsV1 with 70 keys and a duplicate",
        POD,
        _mf(b"{" + b",".join(b'"k%d":0' % i for i in range(70)) + b',"k69":1}'),
        "equal",
    ),
    ("FieldsV1 not an object", POD, _mf(b'["a",true,null]'), "equal"),
    ("FieldsV1 empty", POD, _mf(b"{}"), "equal"),
    ("FieldsV1 null", POD, _mf(b"null"), "equal"),
    ("FieldsV1 with a lone surrogate", POD, _mf(b'{"a":"\\ud800"}'), "equal"),  # U+FFFD, as Go reads it
    ("FieldsV1 with a number too large for a float", POD, _mf(b'{"a":1e400}'), "bail"),
    ("FieldsV1 with NaN", POD, _mf(b'{"a":NaN}'), "bail"),
    # RawExtension and apiextensions JSON
    (
        "RawExtension object",
        appsv1.ControllerRevision,
        b'{"data":{"spec":{"a":1,"b":[true,null]}},"revision":3}',
        "equal",
    ),
    ("RawExtension with spaces", appsv1.ControllerRevision, b'{"data": {"spec" : 1.50}}', "equal"),
    ("RawExtension string", appsv1.ControllerRevision, b'{"data":"x"}', "equal"),
    ("RawExtension list", appsv1.ControllerRevision, b'{"data":[1,{}]}', "equal"),
    ("RawExtension empty", appsv1.ControllerRevision, b'{"data":{}}', "equal"),
    (
        "apiextensions JSON default",
        CRD,
        b'{"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"type":"object","default":{"a": 1},'
        b'"enum":["a",1]}}}]}}',
        "equal",
    ),
    (
        "apiextensions JSON null enum element",
        CRD,
        b'{"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"enum":[null]}}}]}}',
        "bail",
    ),
    (
        "JSONSchemaPropsOrArray (no C description)",
        CRD,
        b'{"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"items":{"type":"string"}}}}]}}',
        "bail",
    ),
    (
        "JSONSchemaPropsOrBool (no C description)",
        CRD,
        b'{"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"additionalProperties":true}}}]}}',
        "bail",
    ),
    (
        "float64 field (no C description)",
        CRD,
        b'{"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"maximum":1.5}}}]}}',
        "bail",
    ),
    (
        "JSONSchemaProps properties",
        CRD,
        b'{"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"properties":{"a":{"type":"string"}}}}}]}}',
        "equal",
    ),
    # inlined Go structs
    ("inlined VolumeSource", POD, b'{"spec":{"volumes":[{"name":"v","configMap":{"name":"c","items":[]}}]}}', "equal"),
    ("inlined VolumeSource empty", POD, b'{"spec":{"volumes":[{"name":"v","configMap":{}}]}}', "equal"),
    ("inlined VolumeSource member null", POD, b'{"spec":{"volumes":[{"name":"v","configMap":null}]}}', "bail"),
    ("inlined ProbeHandler", POD, _probe_port(b"80"), "equal"),
    ("inlined ProbeHandler member null", POD, b'{"spec":{"containers":[{"livenessProbe":{"httpGet":null}}]}}', "bail"),
    (
        "inlined ProbeHandler next to Probe members",
        POD,
        b'{"spec":{"containers":[{"readinessProbe":{"periodSeconds":5,"exec":{"command":["true"]},'
        b'"timeoutSeconds":1}}]}}',
        "equal",
    ),
    (
        "inlined LocalObjectReference name",
        POD,
        b'{"spec":{"containers":[{"env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"cm","key":"k"}}}]}]}}',
        "equal",
    ),
    (
        "inlined LocalObjectReference name empty",
        POD,
        b'{"spec":{"containers":[{"env":[{"valueFrom":{"configMapKeyRef":{"name":"","key":"k"}}}]}]}}',
        "equal",
    ),
    (
        "inlined LocalObjectReference name null",
        POD,
        b'{"spec":{"containers":[{"env":[{"valueFrom":{"configMapKeyRef":{"name":null,"key":"k"}}}]}]}}',
        "bail",
    ),
    ("inlined member given the wrong type", POD, b'{"spec":{"volumes":[{"name":"v","configMap":"x"}]}}', "bail"),
    (
        "inlined member repeated",
        POD,
        b'{"spec":{"volumes":[{"configMap":{"name":"a"},"name":"v","configMap":{"name":"b"}}]}}',
        "bail",
    ),
    ("protobuf-only name given as a member", POD, b'{"spec":{"volumes":[{"name":"v","volumeSource":{}}]}}', "equal"),
    # presence of empty values
    (
        "empty message members",
        POD,
        b'{"metadata":{},"spec":{"securityContext":{},"containers":[{}]},"status":{}}',
        "equal",
    ),
    (
        "empty lists and maps",
        POD,
        b'{"metadata":{"labels":{},"finalizers":[]},"spec":{"nodeSelector":{},"volumes":[]}}',
        "equal",
    ),
    (
        "zero scalars",
        POD,
        b'{"metadata":{"name":"","generation":0},"spec":{"hostNetwork":false,"priority":0}}',
        "equal",
    ),
    ("empty string map value", CONFIGMAP, b'{"data":{"x":""},"immutable":false}', "equal"),
    # output about as long as the input (the output buffer grows past its first guess)
    (
        "growth: 20000 small ints",
        POD,
        b'{"spec":{"securityContext":{"supplementalGroups":[' + b",".join([b"1"] * 20000) + b"]}}}",
        "equal",
    ),
    ("growth: 20000 empty containers", POD, b'{"spec":{"containers":[' + b",".join([b"{}"] * 20000) + b"]}}", "equal"),
    (
        "growth: 5000 labels",
        POD,
        b'{"metadata":{"labels":{' + b",".join(b'"%d":""' % i for i in range(5000)) + b"}}}",
        "equal",
    ),
]


@pytest.mark.parametrize("cls,data,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_case(cls, data, expected):
    assert _contract(cls, data) == expected


def test_inputs_python_refuses_are_left_to_python():
    """The bail cases that are errors really are errors of the Python decoder (the C path left them to it)."""
    for data in (
        b'{"spec":{"priority":2147483648}}',
        b'{"spec":{"hostNetwork":1}}',
        b'{"metadata":"x"}',
        b'{"metadata":{"name":"a\x01b"}}',
        b'{"metadata":{"name":"a\xffb"}}',
        b'{"metadata":{"creationTimestamp":"2024-13-02T03:04:05Z"}}',
        b'{"metadata":{"name":"a"}} x',
    ):
        assert _jsonaccel.transcode(POD, data) is None
        assert _python(POD, data)[1] is not None, data


def test_empty_values_keep_their_presence():
    enc = _jsonaccel.transcode(
        POD,
        b'{"metadata":{"creationTimestamp":"0001-01-01T00:00:00Z"},"spec":{"securityContext":{},"nodeSelector":{}}}',
    )
    pod = POD.FromString(enc)
    assert pod.HasField("metadata") and pod.metadata.HasField("creationTimestamp")
    assert pod.metadata.creationTimestamp.SerializeToString() == b""
    assert pod.spec.HasField("securityContext") and not pod.HasField("status")
    secret = SECRET.FromString(_jsonaccel.transcode(SECRET, b'{"data":{"a":""}}'))
    assert dict(secret.data) == {"a": b""}
    port = POD.FromString(_jsonaccel.transcode(POD, _probe_port(b"0"))).spec.containers[0].livenessProbe.httpGet.port
    assert port.HasField("type") and port.HasField("intVal") and (port.type, port.intVal) == (0, 0)


def test_raw_json_is_kept_compact_or_reencoded_as_go_writes_it():
    def fields_v1(raw: bytes) -> bytes:
        return POD.FromString(_jsonaccel.transcode(POD, _mf(raw))).metadata.managedFields[0].fieldsV1.Raw

    assert fields_v1(b'{"f:a":{},"k:{\\"n\\":1}":{}}') == b'{"f:a":{},"k:{\\"n\\":1}":{}}'
    assert fields_v1(b'{ "f:a" : { } }') == b'{"f:a":{}}'
    assert fields_v1(b'{"a":"<&>"}') == b'{"a":"\\u003c\\u0026\\u003e"}'
    assert fields_v1(b'{"a":1,"b":2,"a":3}') == b'{"a":3,"b":2}'
    assert fields_v1(b'{"a":1.50,"b":-0}') == b'{"a":1.5,"b":0}'


def test_a_duration_special_through_a_hand_described_message():
    """No API message has a metav1.Duration field, so describe one to the C module with the converter
    _jsonaccel uses and compare with the Python decoder's reading of a Duration."""
    duration_cls = _schema.message_class("k8s.io.apimachinery.pkg.apis.meta.v1.Duration")
    schema = _jsonaccel._json2pb.Schema()
    schema.set_raw_converter(_jsonaccel._raw_text)
    index = schema.add_special(
        _jsonaccel._special_converter(_jsonconv.DURATION, duration_cls),
        _jsonaccel.S_FORMAT,
        _jsonaccel._special_formatter(_jsonconv.DURATION, duration_cls),
    )
    schema.define(0, [(b"d", 1, (), (_jsonaccel.T_SPECIAL, index, 0, 0, 0, None))])
    checker = _jsonconv._Checker(False)
    duration_type = _jsonconv._registry().type(_jsonconv.DURATION)
    for text in ("1m30s", "0s", "-1.5h", "300ms", "1h2m3.5s"):
        want = duration_cls(**checker.special(duration_type, text)).SerializeToString()
        assert schema.transcode(0, _compact({"d": text})) == b"\x0a" + bytes([len(want)]) + want
        # and back to JSON through the Python formatter, as Go writes it
        go_text = _jsonconv._go_json_text(_jsonconv.format_duration(duration_cls.FromString(want).duration))
        assert schema.to_json(0, b"\x0a" + bytes([len(want)]) + want) == b'{"d":' + go_text + b"}"
    for text in ("", "1x", "5"):
        with pytest.raises(ValueError):
            checker.special(duration_type, text)
        assert schema.transcode(0, _compact({"d": text})) is None
    assert schema.transcode(0, b'{"d":90}') is None
    assert schema.transcode(0, b'{"d":null}') == b""


def test_transcoding_from_many_threads_while_kinds_are_first_described(monkeypatch):
    """Messages are described on first use; threads that meet new kinds at once get the same answers."""
    inputs = [
        (_jsonconv.message_class_for_go_type(kind.type), b'{"metadata":{"name":"a"},"kind":"K"}')
        for kind in _scheme_kinds_with_messages()[::7]
    ]
    inputs.append((POD, _compact(serialization.realistic_pod(1))))
    want = [_jsonaccel.transcode(cls, data) for cls, data in inputs]
    assert want[-1] is not None and sum(w is not None for w in want) >= len(want) * 0.9
    monkeypatch.setattr(_jsonaccel, "_DESCRIBER", None)  # a fresh, empty schema
    results: dict = {}

    def work(n: int) -> None:
        order = list(range(len(inputs)))
        random.Random(n).shuffle(order)
        results[n] = {i: _jsonaccel.transcode(*inputs[i]) for i in order}

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 6
    for got in results.values():
        assert [got[i] for i in range(len(inputs))] == want


def _scheme_kinds_with_messages():
    """The scheme's kinds that are API messages (all but metav1's InternalEvent, WatchEvent's Go type)."""
    gt = gotypes.load()
    kinds = [kind for kind in gt.scheme_kinds if gt.types[kind.type].proto]
    assert {kind.type for kind in gt.scheme_kinds if not gt.types[kind.type].proto} == {
        "k8s.io/apimachinery/pkg/apis/meta/v1.InternalEvent"
    }
    return kinds


def test_every_scheme_kind_is_described_without_error():
    """transcode answers (bytes or None) for every kind of the scheme: describing none of them raises."""
    for kind in _scheme_kinds_with_messages():
        cls = _jsonconv.message_class_for_go_type(kind.type)
        assert _contract(cls, b"{}") == "equal", kind.kind
        assert _jsonaccel.transcode(cls, b'{"kind":"X","kind":"Y"}') is None, kind.kind


# ---------------------------------------------------------------------------------------------------
# 3. Mutation fuzzer

FUZZ_CASES = int(os.environ.get("JSON2PB_FUZZ_CASES", "3000"))


class _Obj(list):
    """A JSON object as its (key, value) members in order, so that a mutation may repeat a member."""


def _load(data: bytes):
    return json.loads(data, object_pairs_hook=_Obj)


def _base_documents():
    """(class, JSON value) of realistic objects of several kinds."""
    pod = serialization.realistic_pod(3)
    template = {"metadata": {"labels": pod["metadata"]["labels"]}, "spec": pod["spec"]}
    return [
        (corev1.Pod, pod),
        (corev1.PodList, serialization.pod_list(2)),
        (
            appsv1.Deployment,
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {
                    "name": "web",
                    "namespace": "production",
                    "generation": 4,
                    "creationTimestamp": "2026-11-20T08:00:00Z",
                    "labels": {"app": "web"},
                },
                "spec": {
                    "replicas": 3,
                    "selector": {"matchLabels": {"app": "web"}},
                    "template": template,
                    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}},
                    "revisionHistoryLimit": 10,
                    "progressDeadlineSeconds": 600,
                },
                "status": {
                    "observedGeneration": 4,
                    "replicas": 3,
                    "readyReplicas": 3,
                    "conditions": [
                        {
                            "type": "Available",
                            "status": "True",
                            "lastUpdateTime": "2026-11-20T08:01:00Z",
                            "lastTransitionTime": "2026-11-20T08:01:00Z",
                            "reason": "MinimumReplicasAvailable",
                        }
                    ],
                },
            },
        ),
        (
            corev1.Service,
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "web", "namespace": "production"},
                "spec": {
                    "type": "ClusterIP",
                    "clusterIP": "10.96.0.10",
                    "clusterIPs": ["10.96.0.10"],
                    "ports": [
                        {"name": "http", "protocol": "TCP", "port": 80, "targetPort": "http"},
                        {"name": "metrics", "port": 9090, "targetPort": 9090},
                    ],
                    "selector": {"app": "web"},
                    "sessionAffinity": "None",
                    "ipFamilies": ["IPv4"],
                },
                "status": {"loadBalancer": {}},
            },
        ),
        (
            corev1.Secret,
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "type": "kubernetes.io/tls",
                "metadata": {"name": "tls", "namespace": "production", "annotations": {"a/b": "<&>"}},
                "data": {
                    "tls.crt": base64.b64encode(b"-----BEGIN CERTIFICATE-----\n...").decode(),
                    "tls.key": base64.b64encode(bytes(range(40))).decode(),
                    "empty": "",
                },
            },
        ),
        (
            corev1.ConfigMap,
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": "web-config"},
                "data": {"app.yaml": "port: 8080\nlog: info\n", "unicode": "é中😀"},
                "binaryData": {"blob": base64.b64encode(b"\x00\x01\xfe\xff").decode()},
            },
        ),
        (
            eventsv1.Event,
            {
                "apiVersion": "events.k8s.io/v1",
                "kind": "Event",
                "metadata": {"name": "web.17", "namespace": "production"},
                "eventTime": "2026-11-20T08:00:00.123456Z",
                "reportingController": "kubelet",
                "reportingInstance": "node-001",
                "action": "Pulling",
                "reason": "Pulling",
                "type": "Normal",
                "regarding": {
                    "kind": "Pod",
                    "name": "web",
                    "namespace": "production",
                    "fieldPath": "spec.containers{web}",
                },
                "series": {"count": 3, "lastObservedTime": "2026-11-20T08:05:00.000001Z"},
                "deprecatedCount": 3,
                "deprecatedFirstTimestamp": "2026-11-20T08:00:00Z",
            },
        ),
        (
            coordinationv1.Lease,
            {
                "apiVersion": "coordination.k8s.io/v1",
                "kind": "Lease",
                "metadata": {"name": "node-001", "namespace": "kube-node-lease"},
                "spec": {
                    "holderIdentity": "node-001",
                    "leaseDurationSeconds": 40,
                    "renewTime": "2026-11-20T08:00:00.500000Z",
                },
            },
        ),
        (
            appsv1.ControllerRevision,
            {
                "apiVersion": "apps/v1",
                "kind": "ControllerRevision",
                "metadata": {"name": "web-1"},
                "revision": 1,
                "data": {
                    "spec": {
                        "template": {"spec": {"containers": [{"name": "web", "image": "web:1"}]}},
                        "ratio": 0.5,
                        "flags": [True, False, None],
                    }
                },
            },
        ),
        (metav1.WatchEvent, {"type": "MODIFIED", "object": {"kind": "Pod", "apiVersion": "v1", **pod}}),
        (
            authzv1.SubjectAccessReview,
            {
                "apiVersion": "authorization.k8s.io/v1",
                "kind": "SubjectAccessReview",
                "spec": {
                    "user": "alice",
                    "groups": ["dev", "ops"],
                    "extra": {"scopes": ["a", "b"], "none": []},
                    "resourceAttributes": {"verb": "get", "resource": "pods", "namespace": "production"},
                },
                "status": {"allowed": True},
            },
        ),
    ]


_POOL = [
    None,
    True,
    False,
    0,
    1,
    -1,
    7,
    2147483647,
    2147483648,
    -2147483649,
    9223372036854775807,
    9223372036854775808,
    10**30,
    10**401,
    1.0,
    1.5,
    -0.0,
    1e300,
    float("nan"),
    float("inf"),
    "",
    "a",
    "QQ==",
    "QQ",
    "Q!==",
    "2026-11-20T08:00:00Z",
    "2026-11-20T08:00:00.123456Z",
    "0001-01-01T00:00:00Z",
    "not a time",
    "500m",
    "1.5Gi",
    "1x",
    "http",
    "25%",
    "<&>",
    "\u2028",
    "\ud800",
    "\x00",
    "é😀",
    "a/b",
    [],
    [None],
    [1, "a"],
    ["x"],
    _Obj(),
    _Obj([("a", None)]),
    _Obj([("a", "b")]),
    _Obj([("zz", [])]),
]


def _slots(value, out):
    """Every (container, index) that holds a value, depth first."""
    if isinstance(value, list):  # an _Obj is a list of pairs too
        for i, item in enumerate(value):
            out.append((value, i))
            _slots(item[1] if isinstance(value, _Obj) else item, out)
    return out


def _get(slot):
    container, i = slot
    return container[i][1] if isinstance(container, _Obj) else container[i]


def _put(slot, value):
    value = copy.deepcopy(value)  # no value shared with the pool or elsewhere in the tree (no cycles)
    container, i = slot
    if isinstance(container, _Obj):
        container[i] = (container[i][0], value)
    else:
        container[i] = value


def _shifted(rng, v):
    """A value of another JSON type, or a near miss of the same type, for v."""
    if isinstance(v, bool):
        return rng.choice([1, 0, "true", None, [v]])
    if isinstance(v, int):
        return rng.choice(
            [float(v) if abs(v) < 10**300 else 1.5, str(v), -v - 1, v + 2**31, v * 2**32, bool(v % 2), [v]]
        )
    if isinstance(v, float):
        return rng.choice([int(v) if v == v and abs(v) < 1e18 else 0, str(v), v * 1e300])
    if isinstance(v, str):
        return rng.choice(
            [
                v + " ",
                " " + v,
                v[:-1],
                v + "\u2028",
                v.upper(),
                v + "=",
                "1" + v,
                len(v),
                [v],
                v.replace("Z", "+01:00"),
                v + "\ud83d",
            ]
        )
    if isinstance(v, _Obj):
        return rng.choice([_Obj(), [], "x", _Obj(v[: len(v) // 2]), [v]])
    if isinstance(v, list):
        return rng.choice([[], [None], _Obj(), v + v[:1], v[:1] + [None], "x"])
    return rng.choice(_POOL)


def _mutate_tree(rng, root):
    slots = _slots(root, [])
    objects = [root] + [_get(s) for s in slots if isinstance(_get(s), _Obj)]
    op = rng.randrange(7)
    if op == 0 and slots:
        slot = rng.choice(slots)
        _put(slot, _shifted(rng, _get(slot)))
    elif op == 1 and slots:
        _put(rng.choice(slots), None)
    elif op == 2 and slots:
        container, i = rng.choice(slots)
        del container[i]
    elif op == 3:
        obj = rng.choice(objects)
        if obj:
            member = rng.choice(obj)
            value = _shifted(rng, member[1]) if rng.random() < 0.5 else member[1]
            obj.insert(rng.randrange(len(obj) + 1), (member[0], copy.deepcopy(value)))
    elif op == 4:
        obj = rng.choice(objects)
        obj.insert(
            rng.randrange(len(obj) + 1),
            (rng.choice(["zz", "Name", "items", "volumeSource", "x"]), copy.deepcopy(rng.choice(_POOL))),
        )
    elif op == 5 and slots:
        _put(rng.choice(slots), rng.choice(_POOL))
    elif slots:
        slot = rng.choice(slots)
        value = _get(slot)
        if isinstance(value, str):  # an escape-heavy or non-ASCII rewrite of a string
            _put(slot, rng.choice([value + '\\/"', "\u00e9" + value, value.replace("-", "\u2013")]))


def _dump_string(rng, s: str, style: dict) -> str:
    text = json.dumps(s, ensure_ascii=rng.random() < style["ascii"])
    if "/" in text and rng.random() < style["escape"]:
        text = text.replace("/", "\\/")
    if rng.random() < style["escape"] and len(s) > 0:
        i = rng.randrange(1, len(text) - 1)
        ch = text[i]
        if ch.isalnum() and text[i - 1] != "\\":
            text = text[:i] + "\\u%04x" % ord(ch) + text[i + 1 :]
    return text


def _dump(rng, v, style: dict) -> str:
    def ws() -> str:
        return rng.choice([" ", "\n", "\t", "\r\n  "]) if rng.random() < style["ws"] else ""

    if isinstance(v, _Obj):
        return (
            "{"
            + ws()
            + ",".join(
                ws() + _dump_string(rng, k, style) + ws() + ":" + ws() + _dump(rng, x, style) + ws() for k, x in v
            )
            + ws()
            + "}"
        )
    if isinstance(v, list):
        return "[" + ws() + ",".join(ws() + _dump(rng, x, style) + ws() for x in v) + "]"
    if isinstance(v, str):
        return _dump_string(rng, v, style)
    return json.dumps(v)


_TOKENS = [
    b" ",
    b"\n",
    b",",
    b":",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"\\",
    b"\\u",
    b"\\ud800",
    b"null",
    b"0",
    b"-",
    b"1e5",
    b".5",
    b"\x00",
    b"\x01",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xa8",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b'"zz":1,',
    b"true",
    b"NaN",
]


def _mutate_bytes(rng, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    op = rng.randrange(5)
    if op == 0:
        return data[:i] + data[i + rng.randint(1, 4) :]
    if op == 1:
        return data[:i] + rng.choice(_TOKENS) + data[i:]
    if op == 2:
        return data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :]
    if op == 3:
        return data[:i]
    return data + rng.choice([b" x", b"}", b"{}", b"\n", b"\x00"])


def _fuzz_case(rng, bases):
    cls, text = rng.choice(bases)
    root = _load(text)
    for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
        _mutate_tree(rng, root)
    style = rng.choice(
        [
            {"ws": 0.0, "escape": 0.0, "ascii": 0.0},
            {"ws": 0.3, "escape": 0.0, "ascii": 0.0},
            {"ws": 0.05, "escape": 0.2, "ascii": 0.5},
        ]
    )
    data = _dump(rng, root, style).encode("utf-8", "surrogatepass")
    if rng.random() < 0.35:
        for _ in range(rng.choice([1, 1, 2])):
            data = _mutate_bytes(rng, data)
    return cls, data


def test_unmutated_documents_are_transcoded_in_every_layout():
    rng = random.Random(1)
    for cls, value in _base_documents():
        text = _compact(value)
        for style in (
            {"ws": 0.0, "escape": 0.0, "ascii": 0.0},
            {"ws": 0.5, "escape": 0.0, "ascii": 0.0},
            {"ws": 0.1, "escape": 0.5, "ascii": 1.0},
        ):
            data = _dump(rng, _load(text), style).encode("utf-8")
            assert _jsonaccel.transcode(cls, data) is not None, (cls.__name__, style)
            assert _contract(cls, data) == "equal"


def test_mutation_fuzzer_keeps_the_contract():
    rng = random.Random(20261122)
    bases = [(cls, _compact(value)) for cls, value in _base_documents()]
    outcomes = {"equal": 0, "bail": 0}
    python_errors = bail_python_ok = 0
    started = time.monotonic()
    for n in range(FUZZ_CASES):
        cls, data = _fuzz_case(rng, bases)
        try:
            outcome = _contract(cls, data)
        except AssertionError as err:
            raise AssertionError(f"fuzz case {n} ({cls.__name__}): {err}") from None
        outcomes[outcome] += 1
        if outcome == "bail":
            if _python(cls, data)[1] is None:
                bail_python_ok += 1
            else:
                python_errors += 1
    elapsed = time.monotonic() - started
    figures = f"{outcomes}, Python errors {python_errors}, bails Python decodes {bail_python_ok}, {elapsed:.1f} s"
    # The mutations reach all three outcomes in fair numbers: the C path decodes many mutated inputs
    # (and equals Python on each), and leaves both errors and odd-but-valid inputs to Python.
    assert outcomes["equal"] >= FUZZ_CASES * 0.3, figures
    assert python_errors >= FUZZ_CASES * 0.15, figures
    assert bail_python_ok >= FUZZ_CASES * 0.05, figures


# ---------------------------------------------------------------------------------------------------
# 4. peek_type_meta

PEEKS = [
    (b'{"apiVersion":"v1","kind":"Pod"}', ("v1", "Pod")),
    (b' {\n "kind" : "Deployment" , "metadata":{"name":"a"}, "apiVersion" : "apps/v1" }\n', ("apps/v1", "Deployment")),
    (b'{"metadata":{"kind":"X","apiVersion":"y"},"spec":[1,{"kind":"Z"}]}', (None, None)),
    (b"{}", (None, None)),
    (b'{"kind":"Pod"}', (None, "Pod")),
    (b'{"apiVersion":"v1"}', ("v1", None)),
    (b'{"apiVersion":"","kind":""}', ("", "")),
    (b'{"Kind":"Pod","apiversion":"v1"}', (None, None)),
    (b'{"k\\u0069nd":"P\\u006fd","api\\u0056ersion":"v\\/1"}', ("v/1", "Pod")),
    ('{"kind":"Pöd😀"}'.encode(), (None, "Pöd😀")),
    # non-string members: unsure
    (b'{"kind":1}', None),
    (b'{"kind":null,"apiVersion":"v1"}', None),
    (b'{"apiVersion":["v1"],"kind":"Pod"}', None),
    (b'{"kind":{"a":"b"}}', None),
    # repeated members: the last one, as json.loads, while the other member is still missing ...
    (b'{"kind":"A","kind":"B"}', (None, "B")),
    (b'{"kind":"A","kind":"B","apiVersion":"v1"}', ("v1", "B")),
    # ... and the first once both were seen: the transcoder reads the rest and refuses a repeated member
    # (see test_peek_stops_once_both_members_are_found)
    (b'{"kind":"A","apiVersion":"v1","kind":"B"}', ("v1", "A")),
    # malformed before both members are found: unsure
    (b"", None),
    (b"[]", None),
    (b"null", None),
    (b'"kind"', None),
    (b'{"kind":"Pod"', None),
    (b'{"kind":"Pod",}', None),
    (b'{"kind":"Pod"} x', None),
    (b'{"kind":"Pod"}{}', None),
    (b'{"kind" "Pod"}', None),
    (b'{kind:"Pod"}', None),
    (b'\xef\xbb\xbf{"kind":"Pod"}', None),
    (b'{"kind":"P\xffd"}', None),
    (b'{"kind":"P\\ud800d"}', None),
    (b'{"kind":"P\x01d"}', None),
    (b'{"x":NaN,"kind":"Pod"}', None),
    (b'{"x":' + _deep(200) + b',"kind":"Pod"}', None),
]


@pytest.mark.parametrize("data,expected", PEEKS)
def test_peek_type_meta(data, expected):
    assert _jsonaccel.peek_type_meta(data) == expected
    assert _jsonaccel.peek_type_meta(bytearray(data)) == expected
    assert _jsonaccel.peek_type_meta(memoryview(data)) == expected


def test_peek_agrees_with_json_loads_when_it_answers_for_well_formed_input():
    for data, expected in PEEKS:
        if expected is None or data == b'{"kind":"A","apiVersion":"v1","kind":"B"}':
            continue
        value = json.loads(data)
        assert expected == (value.get("apiVersion"), value.get("kind")), data


def test_peek_stops_once_both_members_are_found():
    """After apiVersion and kind, the rest is not read: the answer stands even for a repeated member or a
    broken tail. The transcoder, which reads all, refuses such input for every kind of the scheme (a kind
    without those members, metav1.WatchEvent, refuses any value of them), so the full decoder decides."""
    for data in (
        b'{"kind":"A","apiVersion":"v1","kind":"B"}',
        b'{"apiVersion":"v1","kind":"Pod",',
        b'{"apiVersion":"v1","kind":"Pod"} trailing',
        b'{"apiVersion":"v1","kind":"Pod","x":\xff}',
    ):
        assert _jsonaccel.peek_type_meta(data) is not None
        assert _jsonaccel.transcode(POD, data) is None
    for kind in _scheme_kinds_with_messages():
        cls = _jsonconv.message_class_for_go_type(kind.type)
        for data in (b'{"kind":"A","apiVersion":"v1","kind":"B"}', b'{"apiVersion":"v1","kind":"A","apiVersion":"v2"}'):
            assert _jsonaccel.transcode(cls, data) is None, (kind.kind, data)


def test_watch_event_with_a_repeated_kind_decodes_as_without_the_c_path(monkeypatch):
    from kubernetes_py.kubernetes import scheme

    serializer = next(i.serializer for i in scheme.Codecs.supported_media_types() if i.media_type == "application/json")
    data = b'{"kind":"WatchEvent","apiVersion":"v1","type":"ADDED","object":{"kind":"Pod"},"kind":"Pod"}'
    plain = b'{"type":"ADDED","object":{"kind":"Pod","apiVersion":"v1"}}'
    assert _jsonaccel.transcode(metav1.WatchEvent, plain) is not None
    with_c = [serializer.decode(data), serializer.decode(data, None, metav1.WatchEvent())]
    monkeypatch.setattr(_jsonaccel, "_json2pb", None)
    without_c = [serializer.decode(data), serializer.decode(data, None, metav1.WatchEvent())]
    assert [(type(obj).__name__, str(gvk)) for obj, gvk in with_c] == [("Pod", "/v1, Kind=Pod")] * 2
    assert [(type(obj), gvk) for obj, gvk in with_c] == [(type(obj), gvk) for obj, gvk in without_c]


def test_peek_refuses_a_str():
    with pytest.raises(TypeError):
        _jsonaccel.peek_type_meta('{"kind":"Pod"}')
