"""tools/auth/exec compared with client-go v0.37.1's exec.LoadExecCredential (hack/oracle/cmd/authexec) on random
ExecCredentials: the decoded object, the rest.Config, and every error word for word."""

from __future__ import annotations

import base64
import json
import random
import subprocess

import pytest
import yaml

from kubernetes_py.tools.auth import exec as authexec

pytestmark = pytest.mark.differential

_SCALARS = [None, True, False, 0, 7, 1.5, "", "s", "Q0E=", "!!", "2020-01-01T00:00:00Z", "bad", [], {}, [1], {"k": "v"}]
_GOOD = {
    "server": "https://x",
    "tls-server-name": "n",
    "insecure-skip-tls-verify": True,
    "certificate-authority-data": "Q0E=",
    "disable-compression": True,
    "config": {"z": [1, {"a": None}], "b": "<&>"},
    "Server": "X",
    "bogus": 1,
}
_PROXIES = ["http://p:1", "socks6://q", ":x", "http://h:pp", "a b", "HTTP://u:p@h:1/x y#f g", "h%zz", "1a:b"]


def _document(rnd: random.Random) -> dict:
    def value():
        return rnd.choice(_SCALARS)

    doc: dict = {}
    if rnd.random() < 0.97:
        doc["apiVersion"] = rnd.choice(
            ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"] * 12
            + ["client.authentication.k8s.io/v1alpha1", "v1", "x/y", 3]
        )
    if rnd.random() < 0.97:
        doc["kind"] = rnd.choice(["ExecCredential"] * 24 + ["WatchEvent", "APIGroup", "Nope", 1])
    if rnd.random() < 0.85:
        spec: dict = {}
        if rnd.random() < 0.85:
            cluster = {}
            for key in rnd.sample([*_GOOD, "proxy-url"], rnd.randint(0, 5)):
                good = rnd.choice(_PROXIES) if key == "proxy-url" else _GOOD[key]
                cluster[key] = value() if rnd.random() < 0.08 else good
            spec["cluster"] = cluster if rnd.random() < 0.95 else value()
        if rnd.random() < 0.3:
            spec["interactive"] = rnd.choice([True, False, 1, None])
        doc["spec"] = spec if rnd.random() < 0.97 else value()
    if rnd.random() < 0.3:
        keys = ["token", "expirationTimestamp", "clientCertificateData", "clientKeyData"]
        status = {k: rnd.choice(["tok", "tok", None, "2020-01-01T00:00:00Z", 1, "bad"]) for k in rnd.sample(keys, 2)}
        doc["status"] = status if rnd.random() < 0.8 else value()
    return doc


def _ours(data: bytes) -> dict:
    try:
        obj, config = authexec.load_exec_credential(data)
    except ValueError as err:
        return {"error": str(err)}
    out: dict = {"type": f"*{type(obj).__module__.rsplit('.', 1)[1]}.ExecCredential", "host": config.host}
    out.update(insecure=config.insecure, server_name=config.server_name, disable_compression=config.disable_compression)
    if config.ca_data is not None:
        out["ca_data"] = base64.b64encode(config.ca_data).decode()
    if config.proxy:
        out["proxy"] = config.proxy
    cluster = obj.spec.cluster
    if cluster is not None and cluster.config is not None:
        out["raw"] = cluster.config.raw.decode()
    doc: dict = {}
    if obj.kind:
        doc["kind"] = obj.kind
    if obj.api_version:
        doc["apiVersion"] = obj.api_version
    spec: dict = {}
    if cluster is not None:
        c: dict = {"server": cluster.server}
        for key, attr in (
            ("tls-server-name", "tls_server_name"),
            ("insecure-skip-tls-verify", "insecure_skip_tls_verify"),
        ):
            if getattr(cluster, attr):
                c[key] = getattr(cluster, attr)
        if cluster.certificate_authority_data:
            c["certificate-authority-data"] = base64.b64encode(cluster.certificate_authority_data).decode()
        for key, attr in (("proxy-url", "proxy_url"), ("disable-compression", "disable_compression")):
            if getattr(cluster, attr):
                c[key] = getattr(cluster, attr)
        c["config"] = json.loads(cluster.config.raw) if cluster.config is not None else None
        spec["cluster"] = c
    spec["interactive"] = obj.spec.interactive
    doc["spec"] = spec
    if obj.status is not None:
        status: dict = {}
        if obj.status.expiration_timestamp is not None:
            status["expirationTimestamp"] = obj.status.expiration_timestamp.seconds
        for key, attr in (("token", "token"), ("clientCertificateData", "client_certificate_data")):
            if getattr(obj.status, attr):
                status[key] = getattr(obj.status, attr)
        if obj.status.client_key_data:
            status["clientKeyData"] = obj.status.client_key_data
        doc["status"] = status
    out["obj"] = doc
    return out


def _theirs(line: str) -> dict:
    out = json.loads(line)
    if "obj" in out:
        doc = json.loads(out["obj"])
        if "status" in doc and "expirationTimestamp" in doc["status"]:
            assert doc["status"]["expirationTimestamp"] == "2020-01-01T00:00:00Z"
            doc["status"]["expirationTimestamp"] = 1577836800
        out["obj"] = doc
    return out


@pytest.mark.parametrize("seed", range(4))
def test_random_exec_credentials_match_client_go(seed, go_oracle):
    rnd = random.Random(seed)
    inputs = []
    for _ in range(150):
        doc = _document(rnd)
        r = rnd.random()
        inputs.append(json.dumps(doc) if r < 0.6 else yaml.safe_dump(doc) if r < 0.9 else json.dumps(doc, indent=1))
    proc = subprocess.run(
        [str(go_oracle("authexec"))],
        input="".join(json.dumps(text) + "\n" for text in inputs),
        capture_output=True,
        text=True,
        check=True,
    )
    for text, line in zip(inputs, proc.stdout.splitlines(), strict=True):
        assert _ours(text.encode()) == _theirs(line), text
