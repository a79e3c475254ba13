"""Every generated module imports, exposes every message by its Go name, its constants, and registers
exactly the kinds Go's AddToScheme registers (per the committed gotypes data)."""

import importlib
import pathlib

import pytest

from kubernetes_py import _schema
from kubernetes_py._schema import gotypes
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionKind

ROOT = pathlib.Path(__file__).resolve().parents[3]
GO = gotypes.load()


def _module_for(go_path: str) -> str | None:
    if go_path.startswith("k8s.io/api/"):
        return "kubernetes_py.api." + go_path.removeprefix("k8s.io/api/").replace("/", ".")
    if go_path == "k8s.io/apimachinery/pkg/apis/meta/v1":
        return "kubernetes_py.apimachinery.apis.meta.v1"
    if go_path.startswith("k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/"):
        return "kubernetes_py.apiextensions_apiserver.apis.apiextensions." + go_path.rsplit("/", 1)[1]
    return None


MODULES = sorted({m for m in map(_module_for, GO.package_kinds) if m})


class RecordingScheme:
    """Records registrations the way runtime.Scheme receives them."""

    def __init__(self):
        self.kinds: dict[GroupVersionKind, type] = {}
        self.unversioned: set[GroupVersionKind] = set()

    def add_known_types(self, gv: GroupVersion, *types):
        for t in types:
            self.add_known_type_with_name(gv.with_kind(t.__name__), t)

    def add_known_type_with_name(self, gvk: GroupVersionKind, t):
        assert isinstance(gvk, GroupVersionKind)
        existing = self.kinds.setdefault(gvk, t)
        assert existing is t, f"{gvk} registered twice with different types"

    def add_unversioned_types(self, gv: GroupVersion, *types):
        for t in types:
            self.add_known_type_with_name(gv.with_kind(t.__name__), t)
            self.unversioned.add(gv.with_kind(t.__name__))


def _expected(kinds) -> dict[GroupVersionKind, str]:
    return {
        GroupVersionKind(group=k.group, version=k.version, kind=k.kind): k.type
        for k in kinds
        if k.version != "__internal" and GO.types[k.type].proto
    }


def _go_type_of(cls) -> str:
    return GO.for_message(cls.DESCRIPTOR.full_name).name


def test_every_api_package_has_a_module():
    api_packages = [p for p in GO.package_kinds if p.startswith("k8s.io/api/")]
    assert len(api_packages) == 60
    assert len(MODULES) == len(api_packages) + 3  # meta/v1, apiextensions v1 and v1beta1
    for path in (ROOT / "kubernetes_py" / "api").rglob("v*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        assert module in MODULES


@pytest.mark.parametrize("module_name", MODULES)
def test_module_exposes_messages_constants_and_registers_go_kinds(module_name):
    module = importlib.import_module(module_name)
    go_path = next(p for p in GO.package_kinds if _module_for(p) == module_name)
    # every message of the proto package, by its Go name
    proto_package = next(
        t.proto.rsplit(".", 1)[0] for t in GO.types.values() if t.proto and t.name.rsplit(".", 1)[0] == go_path
    )
    names = [n for n, c in _schema.all_message_classes().items() if n.rsplit(".", 1)[0] == proto_package]
    assert names
    for full_name in names:
        assert getattr(module, full_name.rsplit(".", 1)[1]) is _schema.message_class(full_name)
    for name, constant in GO.constants.get(go_path, {}).items():
        assert getattr(module, name) == constant["value"], name
    scheme = RecordingScheme()
    if go_path.endswith("/meta/v1"):
        module.add_meta_to_scheme(scheme)
    else:
        module.add_to_scheme(scheme)
    registered = {gvk: _go_type_of(t) for gvk, t in scheme.kinds.items()}
    assert registered == _expected(GO.package_kinds[go_path])
    unversioned = {
        GroupVersionKind(group=k.group, version=k.version, kind=k.kind)
        for k in GO.package_kinds[go_path]
        if k.unversioned
    }
    assert scheme.unversioned == unversioned
    versions = {(gvk.group, gvk.version) for gvk in registered if gvk not in unversioned}
    assert versions == {(module.SchemeGroupVersion.group, module.SchemeGroupVersion.version)}


def test_every_client_go_scheme_kind_is_registered():
    scheme = RecordingScheme()
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

    metav1.add_to_group_version(scheme, GroupVersion(group="", version="v1"))
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        if module_name.endswith("meta.v1"):
            continue
        if module.SchemeGroupVersion.group not in {k.group for k in GO.scheme_kinds}:
            continue
        module.add_to_scheme(scheme)
    registered = {
        gvk: _go_type_of(t)
        for gvk, t in scheme.kinds.items()
        if (gvk.group, gvk.version) in {(k.group, k.version) for k in GO.scheme_kinds}
    }
    assert registered == _expected(GO.scheme_kinds)
    assert len(registered) > 700


def test_known_constants():
    from kubernetes_py.api.core import v1 as corev1
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

    assert corev1.PodRunning == "Running"
    assert corev1.NamespaceDefault == "default"
    assert corev1.ResourceCPU == "cpu"
    assert metav1.NamespaceAll == ""
    assert corev1.SchemeGroupVersion == GroupVersion(group="", version="v1")
    assert corev1.resource("pods").group == "" and corev1.resource("pods").resource == "pods"
    from kubernetes_py.api.apps import v1 as appsv1

    assert str(appsv1.SchemeGroupVersion) == "apps/v1"
    assert metav1.SchemeGroupVersion == GroupVersion(group="meta.k8s.io", version="v1")


def test_message_class_lookup():
    from kubernetes_py.api.core import v1 as corev1

    assert _schema.message_class("k8s.io.api.core.v1.Pod") is corev1.Pod
    with pytest.raises(KeyError, match="no API message named 'k8s.io.api.core.v1.Nope' in the schema"):
        _schema.message_class("k8s.io.api.core.v1.Nope")
    assert len(_schema.all_message_classes()) == 1326


def test_add_methods_copies_mixin_methods():
    class Base:
        def shout(self):
            return self.string.upper()

    class Mixin(Base):
        def __str__(self):
            return self.string

    full_name = "k8s.io.apimachinery.pkg.api.resource.Quantity"
    cls = _schema.message_class(full_name)
    saved = {name: cls.__dict__.get(name) for name in ("shout", "__str__")}
    try:
        _schema.add_methods(full_name, Mixin)
        q = cls(string="1Gi")
        assert str(q) == "1Gi" and q.shout() == "1GI"
    finally:
        for name, value in saved.items():
            if value is None:
                delattr(cls, name)
            else:
                setattr(cls, name, value)


def test_private_descriptor_pool():
    from google.protobuf import descriptor_pool

    with pytest.raises(KeyError):
        descriptor_pool.Default().FindMessageTypeByName("k8s.io.api.core.v1.Pod")
    assert _schema.POOL.FindMessageTypeByName("k8s.io.api.core.v1.Pod") is not None


def test_registration_into_the_runtime_scheme_matches_client_go():
    """client-go's kubernetes/scheme plus apiextensions, built the Go way with runtime.Scheme."""
    from kubernetes_py.apimachinery import runtime
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

    scheme = runtime.new_scheme()
    metav1.add_to_group_version(scheme, GroupVersion(group="", version="v1"))
    scheme_groups = {(k.group, k.version) for k in GO.scheme_kinds}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        sgv = getattr(module, "SchemeGroupVersion")
        if module_name.endswith("meta.v1") or (sgv.group, sgv.version) not in scheme_groups:
            continue
        module.add_to_scheme(scheme)
    known = {gvk: _go_type_of(t) for gvk, t in scheme.all_known_types().items()}
    assert known == _expected(GO.scheme_kinds)
    from kubernetes_py.api.core import v1 as corev1

    assert scheme.new(GroupVersionKind(group="", version="v1", kind="Pod")) == corev1.Pod()
    assert scheme.is_unversioned(metav1.Status()) == (True, True)
    assert scheme.object_kinds(corev1.Pod())[0] == [GroupVersionKind(group="", version="v1", kind="Pod")]
