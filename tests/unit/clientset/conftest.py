"""Helpers for the clientset unit tests: a clientset on pytest-httpserver, protobuf bodies both ways."""

from __future__ import annotations

import json

import pytest

from kubernetes_py import kubernetes, rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.kubernetes import scheme

PROTOBUF = "application/vnd.kubernetes.protobuf"
PROTOBUF_ACCEPT = "application/vnd.kubernetes.protobuf,application/json"
JSON_ACCEPT = "application/json, */*"


def protobuf_serializer():
    info, ok = runtime.serializer_info_for_media_type(scheme.Codecs.supported_media_types(), PROTOBUF)
    assert ok
    return info.serializer


def to_protobuf(obj, gv) -> bytes:
    """The body the API server sends for ``obj`` in protobuf."""
    return runtime.encode(scheme.Codecs.encoder_for_version(protobuf_serializer(), gv), obj)


def from_body(data: bytes):
    """The object in a request body (protobuf or JSON)."""
    return runtime.decode(scheme.Codecs.universal_deserializer(), data)


def as_json(obj, gv) -> dict:
    """The object as Go's JSON shows it (the same Go value reads the same, whatever fields protobuf marks set)."""
    return json.loads(runtime.encode(scheme.Codecs.legacy_codec(gv), obj))


@pytest.fixture
def clientset(httpserver):
    """A clientset with the default content type: typed clients speak protobuf."""
    return kubernetes.new_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/"), qps=-1))


@pytest.fixture
def json_clientset(httpserver):
    """A clientset whose config asks for JSON: typed clients keep to it."""
    return kubernetes.new_for_config(
        rest.Config(host=httpserver.url_for("/").rstrip("/"), qps=-1, content_type="application/json")
    )
