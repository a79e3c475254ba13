"""transport, flowcontrol and exec plugins compared with client-go (hack/oracle/cmd/transport)."""

from __future__ import annotations

import json
import random
import stat
import subprocess
import sys

import pytest

from kubernetes_py import rest
from kubernetes_py.pkg.apis.clientauthentication import Cluster
from kubernetes_py.rest.exec import config_to_exec_cluster
from kubernetes_py.plugin.pkg.client.auth import exec as execplugin
from kubernetes_py.tools.clientcmd import api as clientcmdapi
from kubernetes_py.util import flowcontrol

pytestmark = pytest.mark.differential


def _oracle(go_oracle, kind, cases):
    proc = subprocess.run(
        [str(go_oracle("transport"))],
        input=json.dumps({"kind": kind, "cases": cases}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _py_rate_limiter(case):
    # Go's clock starts at a 2023 Unix time; only differences matter, and a float clock near 0 keeps
    # nanosecond precision (near 1.7e9 s a float64 resolves only ~240 ns).
    clock = flowcontrol.FakeClock(0.0)
    rl = flowcontrol.new_token_bucket_rate_limiter_with_clock(case["qps"], case["burst"], clock)
    out = []
    ns = 0
    for op in case["ops"]:
        if op["op"] == "try":
            out.append(rl.try_accept())
        elif op["op"] == "accept":
            before = ns
            # Accept sleeps on the clock; track it in integer nanoseconds like Go's time.Time.
            slept = []
            clock.sleep = lambda d, slept=slept: (slept.append(d), clock.step(d))
            rl.accept()
            delay = round(slept[0] * 1e9)
            ns = before + delay
            clock.set_time(ns / 1e9)
            out.append(delay)
        else:
            ns += op["ns"]
            clock.set_time(ns / 1e9)
            out.append(None)
    return out


def _random_ops(rnd, n):
    ops = []
    for _ in range(n):
        kind = rnd.choice(["try", "try", "accept", "step"])
        ops.append(
            {"op": kind, "ns": rnd.choice([1, 999, 10**6, 3 * 10**7, 10**8, 333333333, 10**9, 7 * 10**9])}
            if kind == "step"
            else {"op": kind}
        )
    return ops


def test_rate_limiter_sequences_match_go(go_oracle):
    rnd = random.Random(1234)
    cases = [
        {"qps": 0.1, "burst": 2, "ops": [{"op": "try"}, {"op": "accept"}, {"op": "accept"}, {"op": "try"}]},
        {"qps": 10, "burst": 1, "ops": [{"op": "accept"} for _ in range(20)]},
        {"qps": 5, "burst": 10, "ops": [{"op": "try"} for _ in range(12)]},
        {"qps": 1e9 / 1031425e3, "burst": 1, "ops": [{"op": "try"}, {"op": "step", "ns": 2 * 10**9}] * 30},
    ]
    for _ in range(40):
        cases.append(
            {
                "qps": rnd.choice([0.5, 1, 3.3, 10, 50, 100.7, 1000]),
                "burst": rnd.choice([1, 2, 5, 10, 100]),
                "ops": _random_ops(rnd, 60),
            }
        )
    want = _oracle(go_oracle, "ratelimiter", cases)
    for case, expected in zip(cases, want):
        assert _py_rate_limiter(case) == expected, case


def test_backoff_sequences_match_go(go_oracle):
    rnd = random.Random(99)
    cases = []
    for _ in range(30):
        ops = []
        for _ in range(50):
            op = rnd.choice(["next", "next", "get", "in_backoff_since", "step", "step", "gc", "reset"])
            # Durations that are exact binary fractions of a second: the port keeps times as float seconds,
            # so exact-boundary comparisons (since == backoff) only agree with Go's integer nanoseconds then.
            ops.append(
                {"op": op, "id": rnd.choice(["a", "b"]), "ns": rnd.choice([125_000_000, 10**9, 4 * 10**9, 32 * 10**9])}
            )
        cases.append(
            {"initial_ns": rnd.choice([125_000_000, 10**9]), "max_ns": rnd.choice([4 * 10**9, 64 * 10**9]), "ops": ops}
        )
    want = _oracle(go_oracle, "backoff", cases)
    for case, expected in zip(cases, want):
        clock = flowcontrol.FakeClock(0.0)
        b = flowcontrol.new_fake_back_off(case["initial_ns"] / 1e9, case["max_ns"] / 1e9, clock)
        got = []
        for op in case["ops"]:
            if op["op"] == "next":
                b.next(op["id"], clock.now())
                got.append(None)
            elif op["op"] == "get":
                got.append(round(b.get(op["id"]) * 1e9))
            elif op["op"] == "in_backoff_since":
                got.append(b.is_in_back_off_since(op["id"], clock.now() - op["ns"] / 1e9))
            elif op["op"] == "gc":
                b.gc()
                got.append(None)
            elif op["op"] == "reset":
                b.reset(op["id"])
                got.append(None)
            else:
                clock.step(op["ns"] / 1e9)
                got.append(None)
        assert got == expected, case


HEADER_CASES = [
    {"bearer_token": "abc"},
    {"username": "admin", "password": "p:w@d"},
    {"bearer_token": "t", "user_agent": "kubectl/v1.37.1 (linux/amd64)"},
    {
        "impersonate_user": "jane",
        "impersonate_uid": "42",
        "impersonate_groups": ["a", "b", "a"],
        "impersonate_extra": {
            "scopes": ["x", "y"],
            "example.com/Team Name": ["z"],
            "percent%20": ["p"],
            "ᛒᚥᛏ": ["u"],
            "UPPER-lower": ["c"],
        },
    },
    {"impersonate_groups": ["only-groups"]},
    {
        "bearer_token": "t",
        "impersonate_user": "u",
        "request_headers": {"Authorization": "Bearer mine", "Impersonate-User": "me"},
    },
    {"username": "a", "password": "b", "bearer_token": "c"},
]


def _py_headers(case, raw_server):
    imp = rest.ImpersonationConfig(
        user_name=case.get("impersonate_user", ""),
        uid=case.get("impersonate_uid", ""),
        groups=case.get("impersonate_groups"),
        extra=case.get("impersonate_extra"),
    )
    cfg = rest.Config(
        host=raw_server.url(),
        bearer_token=case.get("bearer_token", ""),
        username=case.get("username", ""),
        password=case.get("password", ""),
        user_agent=case.get("user_agent", ""),
        impersonate=imp,
    )
    try:
        client = rest.http_client_for(cfg)
    except ValueError as e:
        return {"error": str(e)}
    n = len(raw_server.requests)
    client.get(raw_server.url("/x"), headers=case.get("request_headers"))
    got: dict = {}
    for k, v in raw_server.headers(n):
        got.setdefault(k, []).append(v)
    return got


def test_request_headers_match_go(go_oracle, tmp_path):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent.parent / "unit"))
    from transport.conftest import RawHTTPCapture

    want = _oracle(go_oracle, "headers", HEADER_CASES)
    server = RawHTTPCapture()
    try:
        for case, expected in zip(HEADER_CASES, want):
            got = _py_headers(case, server)
            if "error" not in expected:
                # Transport defaults differ by design (Go-http-client vs urllib3 agent; Host is not a header in Go).
                got.pop("Host", None)
                if not case.get("user_agent"):
                    expected.pop("User-Agent", None)
                    got.pop("User-Agent", None)
                got = {k: v for k, v in got.items()}
            assert got == expected, case
    finally:
        server.close()


PLUGIN = """#!{python}
import os, json
with open(os.environ["PLUGIN_OUT"], "w") as f:
    f.write(os.environ["KUBERNETES_EXEC_INFO"])
print(json.dumps({{"kind": "ExecCredential", "apiVersion": "{api}", "status": {{"token": "t"}}}}))
"""


@pytest.mark.parametrize("api", ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"])
@pytest.mark.parametrize("variant", ["plain", "cluster", "cluster-insecure"])
def test_exec_info_matches_go(go_oracle, tmp_path, api, variant):
    plugin = tmp_path / "plugin"
    plugin.write_text(PLUGIN.format(python=sys.executable, api=api))
    plugin.chmod(plugin.stat().st_mode | stat.S_IXUSR)
    ca = tmp_path / "ca.crt"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            str(tmp_path / "ca.key"),
            "-subj",
            "/CN=exec-ca",
            "-days",
            "1",
            "-out",
            str(ca),
        ],
        check=True,
        capture_output=True,
    )
    case = {
        "plugin": str(plugin),
        "out": str(tmp_path / "go.json"),
        "api_version": api,
        "provide_cluster_info": variant != "plain",
        "host": "https://kube.example:6443/prefix",
        "server_name": "kube.internal",
        "ca_file": str(ca) if variant == "cluster" else "",
        "insecure": variant == "cluster-insecure",
        "proxy_url": "http://proxy.example:3128",
        "disable_compression": variant == "cluster-insecure",
        "extension": {"apiVersion": "group/v1", "kind": "PluginConfig", "spec": {"audience": "a<b"}},
    }
    want = _oracle(go_oracle, "execinfo", [case])[0]

    ext_cfg = clientcmdapi.ExecConfig(
        command=str(plugin),
        api_version=api,
        interactive_mode="Never",
        provide_cluster_info=case["provide_cluster_info"],
        env=[clientcmdapi.ExecEnvVar(name="PLUGIN_OUT", value=str(tmp_path / "py.json"))],
        config=case["extension"],
    )
    cfg = rest.Config(
        host=case["host"],
        server_name=case["server_name"],
        ca_file=case["ca_file"],
        insecure=case["insecure"],
        proxy=lambda req: case["proxy_url"],
        disable_compression=case["disable_compression"],
        exec_provider=ext_cfg,
    )
    cluster: Cluster | None = config_to_exec_cluster(cfg) if case["provide_cluster_info"] else None
    execplugin.get_authenticator(ext_cfg, cluster).get_creds()
    assert (tmp_path / "py.json").read_text() == want
