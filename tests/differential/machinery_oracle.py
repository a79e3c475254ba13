"""Running hack/oracle/cmd/machinery: one JSON request on stdin, one JSON list of results on stdout."""

import json
import subprocess


def run_oracle(go_oracle, kind, cases):
    proc = subprocess.run(
        [str(go_oracle("machinery"))],
        input=json.dumps({"kind": kind, "cases": cases}),
        capture_output=True,
        text=True,
        env={"TZ": "UTC", "PATH": "/usr/bin:/bin"},
    )
    if proc.returncode != 0:
        raise AssertionError(f"the machinery oracle failed: {proc.stderr}")
    return json.loads(proc.stdout)
