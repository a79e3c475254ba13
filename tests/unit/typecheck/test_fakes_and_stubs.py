"""A type checker sees the fake clientset as a kubernetes.Interface, both clientsets' discovery() as a discovery
interface, and the fields of resource.k8s.io's DeviceAttribute named ``int`` and ``bool`` with the builtin types
(mypy with the project's configuration, on a small program without annotations)."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

import pytest

pytest.importorskip("mypy")

REPO = pathlib.Path(__file__).resolve().parents[3]

PROGRAM = """\
from kubernetes_py import kubernetes
from kubernetes_py.api.resource import v1 as resourcev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import fake
from kubernetes_py.tools import clientcmd

config = clientcmd.build_config_from_flags("", "kubeconfig")
reveal_type(kubernetes.new_for_config(config).discovery())
cs = fake.new_simple_clientset()
reveal_type(cs.discovery())
reveal_type(cs.core_v1().pods("x").get(None, "n", metav1.GetOptions()))
reveal_type(cs.actions())
reveal_type(cs.tracker())
attribute = resourcev1.DeviceAttribute(int=3, bool=True)
reveal_type(attribute.int)
reveal_type(attribute.bools)
"""

EXPECTED = [
    "kubernetes_py.discovery.interfaces.DiscoveryInterface",
    "kubernetes_py.discovery.fake.FakeDiscovery",
    "kubernetes_py.api.core.v1.Pod",
    "builtins.list[kubernetes_py.testing.actions.Action]",
    "kubernetes_py.testing.fixture.ObjectTracker",
    "builtins.int",
    "typing.MutableSequence[builtins.bool]",
]


def _mypy(tmp_path: pathlib.Path, source: str) -> subprocess.CompletedProcess[str]:
    program = tmp_path / "program.py"
    program.write_text(source)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--no-warn-unused-configs",
            "--no-color-output",
            str(program),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_fake_clientset_discovery_and_builtin_named_fields_are_typed(tmp_path):
    result = _mypy(tmp_path, PROGRAM)
    revealed = [
        re.sub(r"(?<![\w.])(list|int|bool)\b", r"builtins.\1", m)
        for m in re.findall(r'Revealed type is "([^"]+)"', result.stdout)
    ]
    assert revealed == EXPECTED, result.stdout + result.stderr
    program = str(tmp_path / "program.py")
    errors = [line for line in result.stdout.splitlines() if line.startswith(program) and ": error: " in line]
    assert errors == [], result.stdout


def test_a_wrong_use_of_the_fake_is_an_error(tmp_path):
    """The fake's accessors carry the real clients' types: a pod's field used as a number is an error."""
    result = _mypy(
        tmp_path,
        "from kubernetes_py.apimachinery.apis.meta import v1 as metav1\n"
        "from kubernetes_py.kubernetes import fake\n"
        'pod = fake.new_simple_clientset().core_v1().pods("x").get(None, "n", metav1.GetOptions())\n'
        "pod.spec.nodeName + 1\n",
    )
    program = str(tmp_path / "program.py")
    errors = [line for line in result.stdout.splitlines() if line.startswith(program) and ": error: " in line]
    assert len(errors) == 1 and 'Unsupported operand types for + ("str" and "int")' in errors[0], result.stdout
