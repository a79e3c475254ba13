"""util/csaupgrade: upgrade_test.go's TestFindOwners and TestUpgradeCSA, case by case (the cases' YAML, read from
client-go v0.37.1's test, is kept in testdata/upgrade_test_cases.json)."""

from __future__ import annotations

import json
import pathlib

import pytest
import yaml

from kubernetes_py import _jsonpatch
from kubernetes_py._smd import fieldpath
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.runtime.converter import DefaultUnstructuredConverter
from kubernetes_py.util import csaupgrade

CASES = json.loads((pathlib.Path(__file__).parent / "testdata" / "upgrade_test_cases.json").read_text())
OPERATIONS = {"Update": metav1.ManagedFieldsOperationUpdate, "Apply": metav1.ManagedFieldsOperationApply}


def _entries(managed_fields_yaml: str) -> list[metav1.ManagedFieldsEntry]:
    out = []
    for item in yaml.safe_load(managed_fields_yaml)["managedFields"]:
        entry = metav1.ManagedFieldsEntry()
        DefaultUnstructuredConverter.from_unstructured(item, entry)
        out.append(entry)
    return out


@pytest.mark.parametrize("case", CASES["TestFindOwners"], ids=[c["name"] for c in CASES["TestFindOwners"]])
def test_find_owners(case):
    operation = OPERATIONS[case["operation"]]
    fields = fieldpath.new_set(*(fieldpath.make_path_or_die(*p) for p in case["fields"]))
    result = csaupgrade.find_fields_owners(_entries(case["managedFieldsYAML"]), operation, fields)
    assert all(entry.operation == operation for entry in result)
    assert sorted(entry.manager for entry in result) == sorted(case["expectation"])


@pytest.mark.parametrize("case", CASES["TestUpgradeCSA"], ids=[c["name"] for c in CASES["TestUpgradeCSA"]])
def test_upgrade_csa(case):
    opts = [csaupgrade.subresource(case["subresource"])] if case["subresource"] else []
    initial = unstructured.Unstructured(yaml.safe_load(case["originalObject"]))
    upgraded = initial.deep_copy()
    csaupgrade.upgrade_managed_fields(upgraded, set(case["csaManagers"]), case["ssaManager"], *opts)
    expected = unstructured.Unstructured(yaml.safe_load(case["expectedObject"]))
    assert upgraded.object == expected.object

    # The patch does nothing more and nothing less than make the object what upgrade_managed_fields made of it.
    patch_bytes = csaupgrade.upgrade_managed_fields_patch(
        initial.deep_copy(), set(case["csaManagers"]), case["ssaManager"], *opts
    )
    if patch_bytes is None:
        assert upgraded.object == initial.object
        return
    patched = _jsonpatch.decode_patch(patch_bytes).apply(json.dumps(initial.object).encode())
    assert json.loads(patched) == upgraded.object


def test_patch_text_and_options():
    case = CASES["TestUpgradeCSA"][0]
    obj = unstructured.Unstructured(yaml.safe_load(case["originalObject"]))
    patch = csaupgrade.upgrade_managed_fields_patch(obj, ["kubectl-client-side-apply"], "kubectl")
    assert patch == (
        b'[{"op":"replace","path":"/metadata/managedFields","value":[{"manager":"kubectl","operation":"Apply",'
        b'"apiVersion":"v1","time":"2022-08-22T23:08:23Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},'
        b'"f:key":{},"f:legacy":{}},"f:metadata":{"f:annotations":{".":{},'
        b'"f:kubectl.kubernetes.io/last-applied-configuration":{}}}}}]},'
        b'{"op":"replace","path":"/metadata/resourceVersion","value":"1"}]'
    )
    # Only the status subresource's managers are looked at with Subresource("status"): nothing to do here.
    assert (
        csaupgrade.upgrade_managed_fields_patch(
            obj, ["kubectl-client-side-apply"], "kubectl", csaupgrade.subresource("status")
        )
        is None
    )
    no_managers = unstructured.Unstructured({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}})
    csaupgrade.upgrade_managed_fields(no_managers, ["a"], "b")
    assert no_managers.object == {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}
