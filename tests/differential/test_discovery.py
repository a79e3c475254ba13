"""DiscoveryClient and the memory cache against client-go's (hack/oracle/cmd/discovery): both ask a server with
the same canned documents (aggregated, legacy, mixed, partial failures) twice; groups, resources, preferred
resources, error texts and the requests the server saw must be identical."""

from __future__ import annotations

import copy
import json
import re
import subprocess

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import discovery, rest
from kubernetes_py.discovery.cached import memory
from tests.unit.discovery import fixtures as fx

pytestmark = pytest.mark.differential


def _ok(doc, content_type="application/json"):
    return {"status": 200, "contentType": content_type, "body": json.dumps(doc)}


def _status(code, message):
    return {
        "status": code,
        "contentType": "application/json",
        "body": json.dumps(
            {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "code": code}
        ),
    }


def _legacy_server() -> dict:
    responses = {"/api": _ok(fx.API_VERSIONS), "/apis": _ok(fx.API_GROUP_LIST)}
    responses.update({path: _ok(doc) for path, doc in fx.RESOURCES.items()})
    return responses


def _aggregated_server(agg_api=None, agg_apis=None) -> dict:
    responses = _legacy_server()
    responses["/api"]["aggregated"] = _ok(agg_api or fx.AGG_API, fx.V2_CONTENT_TYPE)
    responses["/apis"]["aggregated"] = _ok(agg_apis or fx.AGG_APIS, fx.V2_CONTENT_TYPE)
    return responses


def _missing_kinds() -> dict:
    apis = copy.deepcopy(fx.AGG_APIS)
    resources = apis["items"][0]["versions"][0]["resources"]
    resources.append(fx.agg_resource("nokind", "X", "apps", "v1"))
    del resources[-1]["responseKind"]
    resources[0]["subresources"] = [
        {"subresource": "scale", "verbs": ["get"]},
        {
            "subresource": "status",
            "responseKind": {"group": "apps", "version": "v1", "kind": "Deployment"},
            "verbs": ["get", "patch"],
        },
    ]
    return _aggregated_server(agg_apis=apis)


def _mixed() -> dict:
    responses = _legacy_server()
    responses["/api"]["aggregated"] = _ok(fx.AGG_API, fx.V2_CONTENT_TYPE)
    return responses


def _failures() -> dict:
    responses = _legacy_server()
    responses["/apis/apps/v1"] = _status(503, "apps is unavailable")
    responses["/apis/autoscaling/v1"] = _status(403, 'autoscaling/v1 is forbidden: User "x" cannot list')
    return responses


def _no_legacy() -> dict:
    responses = _legacy_server()
    del responses["/api"]
    return responses


def _apis_fails() -> dict:
    responses = _legacy_server()
    responses["/apis"] = _status(500, "boom")
    return responses


def _empty_core() -> dict:
    responses = _legacy_server()
    responses["/api/v1"] = _ok({"kind": "APIResourceList", "groupVersion": "v1", "resources": []})
    return responses


SCENARIOS = {
    "legacy": (_legacy_server, False),
    "aggregated": (_aggregated_server, False),
    "aggregated-client-in-legacy-mode": (_aggregated_server, True),
    "missing-response-kinds": (_missing_kinds, False),
    "aggregated-api-legacy-apis": (_mixed, False),
    "group-version-failures": (_failures, False),
    "no-legacy-api": (_no_legacy, False),
    "apis-fails": (_apis_fails, False),
    "empty-core": (_empty_core, False),
}


def _describe_lists(lists) -> list[str]:
    out = []
    for rl in lists or []:
        for r in rl.resources:
            out.append(
                f"{rl.groupVersion} {r.name}|{r.singularName}|{str(r.namespaced).lower()}|{r.group}|"
                f"{r.version}|{r.kind}|{','.join(r.verbs.items)}|{','.join(r.shortNames)}|"
                f"{','.join(r.categories)}"
            )
        if not len(rl.resources):
            out.append(f"{rl.groupVersion} <empty>")
    return sorted(out)


def _describe_groups(groups) -> list[str]:
    return [
        f"{g.name} [{' '.join(v.groupVersion + '=' + v.version for v in g.versions)}] "
        f"preferred={g.preferredVersion.groupVersion}/{g.preferredVersion.version}"
        for g in groups or []
    ]


def _calls(d) -> dict:
    out: dict = {}
    try:
        out["serverGroups"], out["serverGroupsErr"] = _describe_groups(d.server_groups().groups), ""
    except Exception as err:  # noqa: BLE001 - compared by text
        out["serverGroupsErr"] = str(err)
    try:
        gs, rs = d.server_groups_and_resources()
        err_text = ""
    except discovery.ErrGroupDiscoveryFailed as err:
        gs, rs, err_text = err.partial_groups, err.partial_resources, str(err)
    except Exception as err:  # noqa: BLE001
        gs, rs, err_text = None, None, str(err)
    out["groups"], out["resources"], out["groupsAndResourcesErr"] = _describe_groups(gs), _describe_lists(rs), err_text
    for key, call in (
        ("preferred", d.server_preferred_resources),
        ("namespaced", d.server_preferred_namespaced_resources),
    ):
        try:
            out[key], out[key + "Err"] = _describe_lists(call()), ""
        except discovery.ErrGroupDiscoveryFailed as err:
            out[key], out[key + "Err"] = _describe_lists(err.partial_resources), str(err)
        except Exception as err:  # noqa: BLE001
            out[key], out[key + "Err"] = [], str(err)
    return out


def _python(httpserver, responses: dict, legacy: bool, client: str) -> dict:
    seen = []

    def handler(request):
        seen.append(request.path)
        a = responses.get(request.path)
        if a is None:
            return Response("404 page not found", status=404, content_type="text/plain")
        if a.get("aggregated") and "as=APIGroupDiscoveryList" in request.headers.get("Accept", ""):
            a = a["aggregated"]
        return Response(a["body"], status=a["status"], content_type=a["contentType"])

    httpserver.clear_all_handlers()
    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    d = discovery.new_discovery_client_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/")))
    d.use_legacy_discovery = legacy
    if client == "memory":
        d = memory.new_mem_cache_client(d)
    out = _calls(d)
    out["second"] = _calls(d)
    out["requests"] = sorted(seen)
    return out


@pytest.mark.parametrize("client", ["direct", "memory"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_discovery_client_matches_client_go(go_oracle, httpserver, name, client):
    make, legacy = SCENARIOS[name]
    responses = make()
    proc = subprocess.run(
        [str(go_oracle("discovery"))],
        input=json.dumps({"responses": responses, "legacy": legacy, "client": client}),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    want = json.loads(proc.stdout)
    got = _python(httpserver, responses, legacy, client)
    assert got == want
