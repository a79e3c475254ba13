"""A type checker sees the fake clientset as a kubernetes.Interface, both clientsets' discovery() as a discovery
interface, and the fields of resource.k8s.io's DeviceAttribute named ``int`` and ``bool`` with the builtin types
(mypy with the project's configuration, on a small program without annotations)."""

from __future__ import annotations

import pytest

from tests.unit.typecheck import mypyrun

pytest.importorskip("mypy")

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


def test_fake_clientset_discovery_and_builtin_named_fields_are_typed(tmp_path):
    result = mypyrun.run(tmp_path, PROGRAM)
    assert mypyrun.revealed(result) == EXPECTED, result.stdout + result.stderr
    assert mypyrun.program_errors(result) == [], result.stdout


def test_a_wrong_use_of_the_fake_is_an_error(tmp_path):
    """The fake's accessors carry the real clients' types: a pod's field used as a number is an error."""
    result = mypyrun.run(
        tmp_path,
        "from kubernetes_py.apimachinery.apis.meta import v1 as metav1\n"
        "from kubernetes_py.kubernetes import fake\n"
        'pod = fake.new_simple_clientset().core_v1().pods("x").get(None, "n", metav1.GetOptions())\n'
        "pod.spec.nodeName + 1\n",
    )
    errors = mypyrun.program_errors(result)
    assert len(errors) == 1 and errors[0].startswith('Unsupported operand types for + ("str" and "int")'), result.stdout
