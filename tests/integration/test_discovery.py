"""Discovery, the disk cache and the REST mapper against a real kube-apiserver, compared with kubectl
(built on client-go) on the same server, including each reading the other's discovery cache."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest

from kubernetes_py import discovery, rest, restmapper
from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersionResource
from kubernetes_py.discovery.cached import disk, memory


def kubectl(apiserver, *args):
    proc = subprocess.run(
        ["kubectl", f"--kubeconfig={apiserver.kubeconfig}", *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def config_for(apiserver) -> rest.Config:
    return rest.Config(
        host=apiserver.url,
        bearer_token=apiserver.admin_token,
        tls_client_config=rest.TLSClientConfig(ca_file=str(apiserver.ca_file)),
    )


def parse_wide_table(text: str) -> list[dict]:
    """kubectl's column output, split at the header's column starts (cells may be empty)."""
    lines = [line for line in text.splitlines() if line.strip()]
    header = lines[0]
    names = header.split()
    starts = [header.index(n) for n in names]
    rows = []
    for line in lines[1:]:
        cells = [line[s:e].strip() for s, e in zip(starts, starts[1:] + [len(line) + 1])]
        rows.append(dict(zip(names, cells)))
    return rows


def our_api_resources(lists) -> dict[tuple[str, str], dict]:
    out = {}
    for rl in lists:
        for r in rl.resources:
            out[(r.name, rl.groupVersion)] = {
                "SHORTNAMES": ",".join(r.shortNames),
                "NAMESPACED": str(r.namespaced).lower(),
                "KIND": r.kind,
                "VERBS": sorted(r.verbs.items),
                "CATEGORIES": ",".join(r.categories),
            }
    return out


def kubectl_api_resources(apiserver, *extra) -> dict[tuple[str, str], dict]:
    rows = parse_wide_table(kubectl(apiserver, "api-resources", "-o", "wide", *extra))
    out = {}
    for row in rows:
        verbs = row["VERBS"].split(",") if row["VERBS"] else []
        out[(row["NAME"], row["APIVERSION"])] = {
            "SHORTNAMES": row["SHORTNAMES"],
            "NAMESPACED": row["NAMESPACED"],
            "KIND": row["KIND"],
            "VERBS": sorted(verbs),
            "CATEGORIES": row["CATEGORIES"],
        }
    return out


def test_preferred_resources_match_kubectl_api_resources(apiserver, tmp_path):
    d = discovery.new_discovery_client_for_config(config_for(apiserver))

    def agree(ours_of, *extra):
        # Custom resources other tests on this server delete keep leaving discovery for a moment: compare again
        # until both sides read the same state (kubectl's disk cache is per call).
        for attempt in range(10):
            ours = our_api_resources(ours_of())
            theirs = kubectl_api_resources(apiserver, *extra, f"--cache-dir={tmp_path / str(attempt)}")
            if ours == theirs:
                break
            time.sleep(0.5)
        assert ours == theirs
        return ours

    assert len(agree(d.server_preferred_resources)) > 50
    agree(d.server_preferred_namespaced_resources, "--namespaced=true")


def test_legacy_discovery_agrees_with_aggregated(apiserver):
    d = discovery.new_discovery_client_for_config(config_for(apiserver))
    groups, resources = d.server_groups_and_resources()
    legacy_groups, legacy_resources = d.with_legacy().server_groups_and_resources()

    def flat(lists):
        return {
            (rl.groupVersion, r.name, r.kind, r.namespaced, tuple(sorted(r.verbs.items)), tuple(r.shortNames))
            for rl in lists
            for r in rl.resources
        }

    assert [g.name for g in groups] == [g.name for g in legacy_groups]
    assert flat(resources) == flat(legacy_resources)
    assert any(r.name == "pods/status" for rl in resources for r in rl.resources)


def test_api_versions_and_server_version_match_kubectl(apiserver):
    d = discovery.new_discovery_client_for_config(config_for(apiserver))
    ours = sorted(v.groupVersion for g in d.server_groups().groups for v in g.versions)
    assert ours == sorted(kubectl(apiserver, "api-versions").split())
    info = d.server_version()
    assert info.git_version == f"v{apiserver.version}"
    assert json.loads(kubectl(apiserver, "version", "-o", "json"))["serverVersion"]["gitCommit"] == info.git_commit


def test_rest_mapper_matches_kubectl_explanations(apiserver):
    d = memory.new_mem_cache_client(discovery.new_discovery_client_for_config(config_for(apiserver)))
    mapper = restmapper.new_shortcut_expander(restmapper.new_deferred_discovery_rest_mapper(d), d)
    for arg in ("po", "deploy", "hpa", "cm", "crd", "pods", "deployments.apps", "ns"):
        gvr = mapper.resource_for(
            GroupVersionResource(resource=arg.split(".")[0], group=arg.split(".", 1)[1] if "." in arg else "")
        )
        kind = mapper.kind_for(gvr)
        # kubectl explain prints the kind and version it resolved the same argument to
        head = kubectl(apiserver, "explain", arg).splitlines()[:2]
        assert head[0] == f"GROUP:      {gvr.group}" if gvr.group else head[0] == f"KIND:       {kind.kind}"
        assert f"KIND:       {kind.kind}" in head
    mapping = mapper.rest_mapping(GroupKind(group="apps", kind="Deployment"))
    assert (str(mapping.resource), mapping.scope.name()) == ("apps/v1, Resource=deployments", "namespace")
    assert mapper.rest_mapping(GroupKind(kind="Namespace")).scope is meta.RESTScopeRoot
    with pytest.raises(meta.NoKindMatchError) as info:
        mapper.rest_mapping(GroupKind(group="example.com", kind="Nothing"))
    assert str(info.value) == 'no matches for kind "Nothing" in group "example.com"'


def _tamper(path: str, group_version: str, resource: str, short_name: str) -> None:
    with open(path, "rb") as f:
        doc = json.load(f)
    assert doc["groupVersion"] == group_version
    for r in doc["resources"]:
        if r["name"] == resource:
            r["shortNames"] = [short_name]
    with open(path, "w") as f:
        json.dump(doc, f)


def test_kubectl_reads_the_cache_we_wrote(apiserver, tmp_path):
    cache_dir = disk.compute_discover_cache_dir(str(tmp_path / "discovery"), apiserver.url)
    ours = disk.new_cached_discovery_client_for_config(config_for(apiserver), cache_dir, "", 600)
    ours.server_groups_and_resources()
    pods_file = os.path.join(cache_dir, "v1", "serverresources.json")
    assert oct(os.stat(pods_file).st_mode & 0o777) == "0o660"
    _tamper(pods_file, "v1", "pods", "zzpod")
    # --cached: without it api-resources invalidates the cache first
    rows = parse_wide_table(kubectl(apiserver, "api-resources", "--cached", "-o", "wide", f"--cache-dir={tmp_path}"))
    assert {r["NAME"]: r["SHORTNAMES"] for r in rows}["pods"] == "zzpod"


def test_we_read_the_cache_kubectl_wrote(apiserver, tmp_path):
    kubectl(apiserver, "api-resources", f"--cache-dir={tmp_path}")
    cache_dir = disk.compute_discover_cache_dir(str(tmp_path / "discovery"), apiserver.url)
    assert os.path.isfile(os.path.join(cache_dir, "servergroups.json"))
    apps_file = os.path.join(cache_dir, "apps", "v1", "serverresources.json")
    _tamper(apps_file, "apps/v1", "deployments", "zzdeploy")
    ours = disk.new_cached_discovery_client_for_config(config_for(apiserver), cache_dir, "", 600)
    apps = ours.server_resources_for_group_version("apps/v1")
    assert {r.name: list(r.shortNames) for r in apps.resources}["deployments"] == ["zzdeploy"]
    assert not ours.fresh()
    groups, resources = ours.server_groups_and_resources()
    assert "apps" in [g.name for g in groups]


def test_http_cache_is_shared_with_kubectl(apiserver, tmp_path):
    """Same files (sha256 of the URL), same format; a real server's 304 makes us serve the cached body."""
    import hashlib
    import json as _json

    from kubernetes_py.discovery.cached.disk import round_tripper

    kubectl(apiserver, "api-resources", f"--cache-dir={tmp_path}")
    http_dir = tmp_path / "http"
    url = apiserver.url + "/apis?timeout=32s"
    path = http_dir / hashlib.sha256(url.encode()).hexdigest()
    stored = path.read_bytes()
    assert stored[:32] == hashlib.sha256(stored[32:]).digest()
    theirs = round_tripper._parse_response(stored[32:], type("R", (), {"url": url})())
    assert theirs.status_code == 200
    assert _json.loads(theirs.content)["kind"] == "APIGroupDiscoveryList"
    # kubectl v1.32 also asks for apidiscovery v2beta1: its entry varies on a different Accept, so ours replaces it
    assert "v2beta1" in theirs.headers["X-Varied-Accept"]

    def run():
        ours = disk.new_cached_discovery_client_for_config(config_for(apiserver), str(tmp_path / "d"), str(http_dir), 0)
        _, resources = ours.server_groups_and_resources()
        return {r.name: list(r.shortNames) for rl in resources if rl.groupVersion == "apps/v1" for r in rl.resources}

    assert run()["deployments"] == ["deploy"]
    mine = path.read_bytes()[32:]
    assert (
        round_tripper._parse_response(mine, theirs.request).headers["X-Varied-Accept"]
        == discovery.AcceptV2 + "," + discovery.AcceptV1
    )
    tampered = mine.replace(b'"deploy"', b'"zzdep0"')
    assert tampered != mine
    path.write_bytes(hashlib.sha256(tampered).digest() + tampered)
    # second run: the server answers our If-None-Match with 304, so the (tampered) cached body is what we read
    assert run()["deployments"] == ["zzdep0"]
    assert b"\r\nX-From-Cache: 1\r\n" in path.read_bytes()


def test_cache_files_are_byte_identical_to_kubectls(apiserver, tmp_path):
    kubectl(apiserver, "api-resources", f"--cache-dir={tmp_path / 'kubectl'}")
    theirs = disk.compute_discover_cache_dir(str(tmp_path / "kubectl" / "discovery"), apiserver.url)
    mine = disk.compute_discover_cache_dir(str(tmp_path / "ours" / "discovery"), apiserver.url)
    disk.new_cached_discovery_client_for_config(config_for(apiserver), mine, "", 600).server_groups_and_resources()

    def files(root):
        return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, names in os.walk(root) for f in names)

    assert files(mine) == files(theirs)
    assert len(files(mine)) > 20
    for name in files(mine):
        with open(os.path.join(mine, name), "rb") as a, open(os.path.join(theirs, name), "rb") as b:
            assert a.read() == b.read(), name
