"""The typed clientset against a loopback server (pytest-httpserver) that answers with mutated bodies: gets, lists
and watches in JSON, protobuf and YAML, under random status codes. Each call ends in a result or a clean library
exception within a few seconds, and every watch's channel closes."""

from __future__ import annotations

import json
import random

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import context, kubernetes, rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1

from . import _fuzz as fz
from .test_fuzz_watch import MAX_EVENTS, json_stream, protobuf_stream

STATUSES = (200, 200, 200, 200, 201, 404, 409, 410, 500, 429, 204, 301)


class Answer:
    """What the server answers next: set by the test before each call."""

    def __init__(self):
        self.body, self.content_type, self.status = b"", "application/json", 200

    def __call__(self, request):
        headers = {"Retry-After": "0"} if self.status == 429 else {}
        if self.status == 301:
            headers["Location"] = "/elsewhere"
        return Response(self.body, status=self.status, content_type=self.content_type, headers=headers)


@pytest.fixture
def server(httpserver):
    answer = Answer()
    httpserver.expect_request("/api/v1/namespaces/ns/pods/p").respond_with_handler(answer)
    httpserver.expect_request("/api/v1/namespaces/ns/pods").respond_with_handler(answer)
    return httpserver, answer


def _clientset(httpserver, content_type: str) -> kubernetes.Clientset:
    accept = {fz.YAML_MEDIA: fz.YAML_MEDIA}.get(content_type, "")
    return kubernetes.new_for_config(
        rest.Config(
            host=httpserver.url_for("/"),
            content_type=content_type,
            accept_content_types=accept,
            timeout=fz.CASE_SECONDS,
            qps=-1,
        )
    )


def _bodies(media: str) -> list[bytes]:
    if media == fz.PROTOBUF_MEDIA:
        return fz.protobuf_seeds()
    if media == fz.YAML_MEDIA:
        return fz.yaml_seeds()
    return fz.json_seeds()


def _list_bodies(media: str) -> list[bytes]:
    pods = {
        "apiVersion": "v1",
        "kind": "PodList",
        "metadata": {"resourceVersion": "9"},
        "items": [fz.realistic_pod(i) for i in range(3)],
    }
    data = json.dumps(pods).encode()
    if media == fz.PROTOBUF_MEDIA:
        return [runtime.encode(fz.INFOS[fz.PROTOBUF_MEDIA].serializer, fz.typed(data))]
    return [data]


@pytest.mark.parametrize("media", [fz.JSON_MEDIA, fz.PROTOBUF_MEDIA, fz.YAML_MEDIA])
def test_get_and_list(server, media):
    httpserver, answer = server
    clientset = _clientset(httpserver, media)
    rng = random.Random({fz.JSON_MEDIA: 21, fz.PROTOBUF_MEDIA: 22, fz.YAML_MEDIA: 23}[media])
    pods = clientset.core_v1().pods("ns")
    gets, lists = _bodies(media), _list_bodies(media)
    for case in range(200):
        listing = case % 3 == 2
        seeds = lists if listing else gets
        answer.body = fz.mutate(rng, rng.choice(seeds), seeds) if rng.random() < 0.9 else rng.choice(seeds)
        if media == fz.PROTOBUF_MEDIA and rng.random() < 0.5:
            answer.body = fz.mutate_in_place(rng, rng.choice(seeds))
        answer.status = rng.choice(STATUSES)
        answer.content_type = (
            media
            if rng.random() < 0.9
            else rng.choice([fz.JSON_MEDIA, fz.PROTOBUF_MEDIA, "text/plain", "application/json; charset=\xff", ""])
        )
        what = f"{media} case {case} status {answer.status} ({answer.body[:60]!r}...)"
        if listing:
            result = fz.run_case(what, lambda: pods.list(context.background(), metav1.ListOptions()))
        else:
            result = fz.run_case(what, lambda: pods.get(context.background(), "p", metav1.GetOptions()))
        fz.run_case(what + " written back", lambda: fz.exercise(result))


@pytest.mark.parametrize("media", [fz.JSON_MEDIA, fz.PROTOBUF_MEDIA])
def test_watch(server, media):
    httpserver, answer = server
    clientset = _clientset(httpserver, media)
    rng = random.Random(31 if media == fz.JSON_MEDIA else 32)
    seed = json_stream() if media == fz.JSON_MEDIA else protobuf_stream()
    answer.content_type = media + (";stream=watch" if media == fz.PROTOBUF_MEDIA else "")
    for case in range(100):
        answer.body = (
            fz.mutate_in_place(rng, seed)
            if media == fz.PROTOBUF_MEDIA and rng.random() < 0.5
            else fz.mutate(rng, seed, [seed])
        )
        answer.status = 200 if rng.random() < 0.8 else rng.choice(STATUSES)
        what = f"{media} watch case {case} status {answer.status} ({answer.body[:60]!r}...)"

        def watch_all():
            w = clientset.core_v1().pods("ns").watch(context.background(), metav1.ListOptions())
            events = []
            try:
                while True:
                    event, ok = w.result_chan().recv(timeout=fz.CASE_SECONDS)
                    if not ok:
                        return events
                    fz.exercise(event.object)
                    events.append(event)
                    assert len(events) <= MAX_EVENTS, "the watch did not end"
            finally:
                w.stop()

        fz.run_case(what, watch_all)
