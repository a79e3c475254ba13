"""Debug logging by verbosity (klog -v=6..9 as Python logging levels), never showing a credential."""

from __future__ import annotations

import logging
import re

import pytest

from kubernetes_py import rest, transport

SECRETS = ("t0ken-value-123", "hunter2", "YWRtaW46aHVudGVyMg")


def _run(httpserver, caplog, v: int, **cfg):
    httpserver.expect_request("/api/v1/pods").respond_with_json({"kind": "PodList"}, headers={"X-Thing": "1"})
    caplog.set_level(transport.verbosity_level(v), logger="kubernetes_py.transport")
    client = rest.http_client_for(rest.Config(**cfg))
    r = client.get(httpserver.url_for("/api/v1/pods"), headers={"Accept": "application/json"})
    assert r.status_code == 200
    return [rec.getMessage() for rec in caplog.records if rec.name == "kubernetes_py.transport"]


def test_verbosity_levels_map_to_logging_levels():
    assert transport.verbosity_level(6) == logging.DEBUG
    assert transport.verbosity_level(9) == logging.DEBUG - 3
    assert transport.verbosity_level(4) > logging.DEBUG


def test_v5_logs_nothing(httpserver, caplog):
    assert _run(httpserver, caplog, 5, bearer_token=SECRETS[0]) == []


def test_v6_url_status_latency(httpserver, caplog):
    url = httpserver.url_for("/api/v1/pods")
    lines = _run(httpserver, caplog, 6, bearer_token=SECRETS[0])
    assert len(lines) == 1
    assert re.fullmatch(rf'"Response" verb="GET" url="{re.escape(url)}" status="200 OK" milliseconds=\d+', lines[0])


def test_v7_request_headers_masked(httpserver, caplog):
    lines = _run(httpserver, caplog, 7, bearer_token=SECRETS[0], user_agent="agent/1")
    assert lines[0].startswith('"Request" verb="GET" url="')
    assert '"Authorization":["Bearer <masked>"]' in lines[0]
    assert '"User-Agent":["agent/1"]' in lines[0]
    assert re.fullmatch(r'"Response" status="200 OK" milliseconds=\d+', lines[1])


def test_v8_response_headers(httpserver, caplog):
    lines = _run(httpserver, caplog, 8, username="admin", password=SECRETS[1])
    assert '"Authorization":["Basic <masked>"]' in lines[0]
    assert lines[1].startswith('"Response" status="200 OK" headers={')
    assert '"X-Thing":["1"]' in lines[1]


def test_v9_curl_command(httpserver, caplog):
    url = httpserver.url_for("/api/v1/pods")
    lines = _run(httpserver, caplog, 9, bearer_token=SECRETS[0])
    assert lines[0].startswith('"Request" curlCommand="curl -v -XGET ')
    assert '-H \\"Authorization: Bearer <masked>\\"' in lines[0]
    assert f"'{url}'" in lines[0]
    assert lines[1].startswith(f'"Response" verb="GET" url="{url}" status="200 OK" headers=')


@pytest.mark.parametrize("v", [6, 7, 8, 9])
@pytest.mark.parametrize(
    "cfg",
    [
        {"bearer_token": SECRETS[0]},
        {"username": "admin", "password": SECRETS[1]},
        {"bearer_token": SECRETS[0], "impersonate": rest.ImpersonationConfig(user_name="x", extra={"k": [SECRETS[1]]})},
    ],
)
def test_no_credential_in_any_log_line(httpserver, caplog, v, cfg):
    caplog.set_level(transport.verbosity_level(9))  # every logger, not only transport's
    _run(httpserver, caplog, v, **cfg)
    text = caplog.text + "".join(str(r.args) for r in caplog.records)
    for secret in SECRETS[:2] + (SECRETS[2],):
        if "impersonate" in cfg and secret == SECRETS[1]:
            continue  # an impersonation extra value is not a credential
        assert secret not in text


def test_transport_error_is_logged_without_credentials(caplog):
    caplog.set_level(transport.verbosity_level(6), logger="kubernetes_py.transport")
    client = rest.http_client_for(rest.Config(bearer_token=SECRETS[0]))
    with pytest.raises(Exception) as e:
        client.get("http://127.0.0.1:1/x")
    assert SECRETS[0] not in str(e.value)
    assert SECRETS[0] not in caplog.text
    assert 'status=""' in caplog.text and 'err="ConnectionError"' in caplog.text
