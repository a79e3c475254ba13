"""client-go restmapper tests, test by test (Go names in the docstrings): discovery_test.go, shortcut_test.go
and category_expansion_test.go, with their fake discovery clients and RESTMapper."""

from __future__ import annotations

import pytest

from kubernetes_py import discovery, restmapper
from kubernetes_py.apimachinery.api import errors, meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource, GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery.version import Info
from kubernetes_py.rest import fake as restfake

GVR, GVK, GR = GroupVersionResource, GroupVersionKind, GroupResource


def _gv(group_version, version):
    return metav1.GroupVersionForDiscovery(groupVersion=group_version, version=version)


A_GROUP = metav1.APIGroup(name="a", versions=[_gv("a/v1", "v1")], preferredVersion=_gv("a/v1", "v1"))
B_GROUP = metav1.APIGroup(name="b", versions=[_gv("b/v1", "v1")], preferredVersion=_gv("b/v1", "v1"))
A_FOO = metav1.APIResource(name="foo", kind="Foo", namespaced=False)
B_BAR = metav1.APIResource(name="bar", kind="Bar", namespaced=True)
A_RESOURCES = metav1.APIResourceList(groupVersion="a/v1", resources=[A_FOO])
B_RESOURCES = metav1.APIResourceList(groupVersion="b/v1", resources=[B_BAR])


# ----- discovery_test.go -----


def _res(name, kind):
    return metav1.APIResource(name=name, namespaced=True, kind=kind)


def _group(name, versions, preferred):
    return metav1.APIGroup(
        name=name,
        versions=[metav1.GroupVersionForDiscovery(version=v) for v in versions],
        preferredVersion=metav1.GroupVersionForDiscovery(version=preferred),
    )


REST_MAPPER_RESOURCES = [
    restmapper.APIGroupResources(
        _group("extensions", ["v1beta"], "v1beta"), {"v1beta": [_res("jobs", "Job"), _res("pods", "Pod")]}
    ),
    restmapper.APIGroupResources(
        _group("", ["v1", "v2"], "v1"), {"v1": [_res("pods", "Pod")], "v2": [_res("pods", "Pod")]}
    ),
    # resources that only exist in non-preferred versions are found, and prioritized
    restmapper.APIGroupResources(
        _group("unpreferred", ["v1", "v2beta1", "v2alpha1"], "v1"),
        {
            "v1": [_res("broccoli", "Broccoli")],
            "v2beta1": [_res("broccoli", "Broccoli"), _res("peas", "Pea")],
            "v2alpha1": [_res("broccoli", "Broccoli"), _res("peas", "Pea")],
        },
    ),
]


def test_rest_mapper():
    """TestRESTMapper: KindFor and ResourceFor over three groups."""
    rest_mapper = restmapper.new_discovery_rest_mapper(REST_MAPPER_RESOURCES)
    kind_tcs = [
        (GVR(resource="pods"), GVK(version="v1", kind="Pod")),
        (GVR(version="v1", resource="pods"), GVK(version="v1", kind="Pod")),
        (GVR(version="v2", resource="pods"), GVK(version="v2", kind="Pod")),
        (GVR(resource="pods"), GVK(version="v1", kind="Pod")),
        (GVR(resource="jobs"), GVK(group="extensions", version="v1beta", kind="Job")),
        (GVR(resource="peas"), GVK(group="unpreferred", version="v2beta1", kind="Pea")),
    ]
    assert [rest_mapper.kind_for(given) for given, _ in kind_tcs] == [want for _, want in kind_tcs]
    resource_tcs = [
        (GVR(resource="pods"), GVR(version="v1", resource="pods")),
        (GVR(version="v1", resource="pods"), GVR(version="v1", resource="pods")),
        (GVR(version="v2", resource="pods"), GVR(version="v2", resource="pods")),
        (GVR(resource="pods"), GVR(version="v1", resource="pods")),
        (GVR(resource="jobs"), GVR(group="extensions", version="v1beta", resource="jobs")),
    ]
    assert [rest_mapper.resource_for(given) for given, _ in resource_tcs] == [want for _, want in resource_tcs]


class FakeCachedDiscoveryInterface:
    """discovery_test.go's fakeCachedDiscoveryInterface: group "a" appears once invalidated."""

    def __init__(self, fresh=False):
        self.invalidate_calls = 0
        self._fresh = fresh
        self.enabled_group_a = False

    def fresh(self):
        return self._fresh

    def invalidate(self):
        self.invalidate_calls += 1
        self._fresh = True
        self.enabled_group_a = True

    def rest_client(self):
        return restfake.RESTClient()

    def server_groups(self):
        return metav1.APIGroupList(groups=[A_GROUP] if self.enabled_group_a else [])

    def server_groups_and_resources(self):
        return discovery.server_groups_and_resources(self)

    def server_resources_for_group_version(self, group_version):
        if self.enabled_group_a and group_version == "a/v1":
            return A_RESOURCES
        raise errors.new_not_found(GR(), "")

    def server_preferred_resources(self):
        if self.enabled_group_a:
            return [
                metav1.APIResourceList(
                    groupVersion="a/v1",
                    resources=[metav1.APIResource(name="foo", kind="Foo", verbs=metav1.Verbs(items=[]))],
                )
            ]
        return None

    def server_preferred_namespaced_resources(self):
        return None

    def server_version(self):
        return Info()

    def open_api_schema(self):
        return b""


def test_deferred_discovery_rest_mapper_cache_miss():
    """TestDeferredDiscoveryRESTMapper_CacheMiss."""
    cdc = FakeCachedDiscoveryInterface(fresh=False)
    m = restmapper.new_deferred_discovery_rest_mapper(cdc)
    assert not cdc.fresh(), "should NOT be fresh after instantiation"
    assert cdc.invalidate_calls == 0, "should not have called Invalidate()"

    gvk = m.kind_for(GVR(group="a", version="v1", resource="foo"))
    assert cdc.fresh(), "should be fresh after a cache-miss"
    assert cdc.invalidate_calls == 1, "should have called Invalidate() once"
    assert gvk.kind == "Foo"

    m.kind_for(GVR(group="a", version="v1", resource="foo"))
    assert cdc.invalidate_calls == 1, "should NOT have called Invalidate() again"

    with pytest.raises(meta.NoResourceMatchError):
        m.kind_for(GVR(group="a", version="v1", resource="bar"))
    assert cdc.invalidate_calls == 1, "no Invalidate() after another miss while fresh"

    cdc._fresh = False
    with pytest.raises(meta.NoResourceMatchError):
        m.kind_for(GVR(group="a", version="v1", resource="bar"))
    assert cdc.invalidate_calls == 2, "Invalidate() again after another miss while not fresh"


class _ResourceListError(Exception):
    """An error returned together with a resource list (Go's (list, err)): the list is its resource_list."""

    def __init__(self, msg, resource_list):
        super().__init__(msg)
        self.resource_list = resource_list


class FakeFailingDiscovery:
    """discovery_test.go's fakeFailingDiscovery. A group version with both a list and an error raises the error
    carrying the list (resource_list), which discovery keeps as Go keeps the list returned beside the error."""

    def __init__(self, groups, groups_err, resources_for_group_version, resources_for_group_version_err):
        self.groups = groups
        self.groups_err = groups_err
        self.resources_for_group_version = resources_for_group_version or {}
        self.resources_for_group_version_err = resources_for_group_version_err or {}

    def rest_client(self):
        return None

    def server_groups(self):
        if self.groups_err is not None:
            raise self.groups_err
        return metav1.APIGroupList(groups=self.groups or [])

    def server_groups_and_resources(self):
        return discovery.server_groups_and_resources(self)

    def server_resources_for_group_version(self, group_version):
        if group_version in self.resources_for_group_version:
            rs = self.resources_for_group_version[group_version]
            err = self.resources_for_group_version_err.get(group_version)
            if err is not None:
                raise _ResourceListError(err, rs)
            return rs
        raise RuntimeError("not found")

    def server_preferred_resources(self):
        return discovery.server_preferred_resources(self)

    def server_preferred_namespaced_resources(self):
        return discovery.server_preferred_namespaced_resources(self)

    def server_version(self):
        return Info()


AGR = restmapper.APIGroupResources
BOTH = {"a/v1": A_RESOURCES, "b/v1": B_RESOURCES}


@pytest.mark.parametrize(
    ("name", "fake", "expected"),
    [
        ("nil", FakeFailingDiscovery(None, None, None, None), []),
        (
            "normal",
            FakeFailingDiscovery([A_GROUP, B_GROUP], None, BOTH, None),
            [AGR(A_GROUP, {"v1": [A_FOO]}), AGR(B_GROUP, {"v1": [B_BAR]})],
        ),
        (
            "a failed, but has fallback",
            FakeFailingDiscovery([A_GROUP, B_GROUP], None, BOTH, {"a/v1": "a failed"}),
            [AGR(A_GROUP, {"v1": [A_FOO]}), AGR(B_GROUP, {"v1": [B_BAR]})],
        ),
        (
            "a failed, but has no fallback",
            FakeFailingDiscovery([A_GROUP, B_GROUP], None, {"b/v1": B_RESOURCES}, {"a/v1": "a failed"}),
            [AGR(A_GROUP, {}), AGR(B_GROUP, {"v1": [B_BAR]})],
        ),
        (
            "a and b failed, but have fallbacks",
            FakeFailingDiscovery([A_GROUP, B_GROUP], None, BOTH, {"a/v1": "a failed", "b/v1": "b failed"}),
            [AGR(A_GROUP, {"v1": [A_FOO]}), AGR(B_GROUP, {"v1": [B_BAR]})],
        ),
    ],
)
def test_get_api_group_resources(name, fake, expected):
    """TestGetAPIGroupResources: partial failures are not raised (Go: "TODO: do we want this?"). Go's nil result
    of the "nil" case is an empty list. "groups failed, but has fallback with a only" is not expressible: a Python
    server_groups cannot both return groups and fail."""
    assert restmapper.get_api_group_resources(fake) == expected


def test_get_api_group_resources_groups_failed_without_fallback():
    """TestGetAPIGroupResources: "groups failed, but has no fallback"."""
    fake = FakeFailingDiscovery(None, RuntimeError("error fetching groups"), BOTH, None)
    with pytest.raises(RuntimeError, match="^error fetching groups$"):
        restmapper.get_api_group_resources(fake)


# ----- shortcut_test.go -----


class FakeRESTMapper:
    """shortcut_test.go's fakeRESTMapper: records KindFor's input, answers zero values."""

    def __init__(self):
        self.kind_for_input = GVR()

    def kind_for(self, resource):
        self.kind_for_input = resource
        return GVK()

    def kinds_for(self, resource):
        return None

    def resource_for(self, input):
        return GVR()

    def resources_for(self, input):
        return None

    def rest_mapping(self, gk, *versions):
        return None

    def rest_mappings(self, gk, *versions):
        return None

    def resource_singularizer(self, resource):
        return ""


class FakeDiscoveryClient:
    """shortcut_test.go's fakeDiscoveryClient: group "a", resources from server_resources_handler."""

    def __init__(self, server_resources_handler=None):
        self.server_resources_handler = server_resources_handler

    def rest_client(self):
        return restfake.RESTClient()

    def server_groups(self):
        return metav1.APIGroupList(groups=[A_GROUP])

    def server_resources_for_group_version(self, group_version):
        if group_version == "a/v1":
            return metav1.APIResourceList(resources=[metav1.APIResource(name="widgets", kind="Widget")])
        raise errors.new_not_found(GR(), "")

    def server_groups_and_resources(self):
        groups = list(self.server_groups().groups)
        if self.server_resources_handler is not None:
            return groups, self.server_resources_handler()
        return groups, []

    def server_preferred_resources(self):
        return None

    def server_preferred_namespaced_resources(self):
        return None

    def server_version(self):
        return Info()

    def open_api_schema(self):
        return b""


class FakeCachedDiscoveryClient:
    """shortcut_test.go's fakeCachedDiscoveryClient: a DiscoveryInterface with fresh/invalidate handlers."""

    def __init__(self, delegate, fresh_handler=None, invalidate_handler=None):
        self._delegate = delegate
        self.fresh_handler = fresh_handler
        self.invalidate_handler = invalidate_handler

    def __getattr__(self, name):
        return getattr(self._delegate, name)

    def fresh(self):
        return self.fresh_handler() if self.fresh_handler is not None else True

    def invalidate(self):
        if self.invalidate_handler is not None:
            self.invalidate_handler()


def _rl(group_version, *resources):
    return metav1.APIResourceList(groupVersion=group_version, resources=list(resources))


def _r(name, short_names=(), singular=""):
    return metav1.APIResource(name=name, shortNames=list(short_names), singularName=singular)


REPLACE_ALIASES_CASES = [
    ("storageclasses-no-replacement", "storageclasses", GVR(resource="storageclasses"), []),
    (
        "hpa-priority",
        "hpa",
        GVR(resource="superhorizontalpodautoscalers", group="autoscaling"),
        [
            _rl("autoscaling/v1", _r("superhorizontalpodautoscalers", ["hpa"])),
            _rl("autoscaling/v1", _r("horizontalpodautoscalers", ["hpa"])),
        ],
    ),
    (
        "resource-override",
        "dpl",
        GVR(resource="deployments", group="foo"),
        [_rl("foo/v1", _r("deployments", ["dpl"])), _rl("extension/v1beta1", _r("deployments", ["deploy"]))],
    ),
    (
        "resource-match-preferred",
        "pods",
        GVR(resource="pods", group=""),
        [_rl("v1", _r("pods", singular="pod")), _rl("acme.com/v1", _r("poddlers", ["pods", "pod"]))],
    ),
    (
        "resource-match-singular-preferred",
        "pod",
        GVR(resource="pod", group=""),
        [_rl("v1", _r("pods", singular="pod")), _rl("acme.com/v1", _r("poddlers", ["pods", "pod"]))],
    ),
]


@pytest.mark.parametrize(("name", "arg", "expected", "srv_res"), REPLACE_ALIASES_CASES)
def test_replace_aliases(name, arg, expected, srv_res):
    """TestReplaceAliases."""
    ds = FakeDiscoveryClient(lambda: srv_res)
    mapper = restmapper.new_shortcut_expander(FakeRESTMapper(), ds, None)
    assert mapper._expand_resource_shortcut(None, GVR(resource=arg)) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (GVR(group="storage.k8s.io", resource="sc"), GVR(group="storage.k8s.io", resource="storageclasses")),
        (GVR(resource="sc"), GVR(group="storage.k8s.io", resource="storageclasses")),
    ],
)
def test_kind_for(given, expected):
    """TestKindFor: the delegate is asked for the expanded resource; no warning."""
    ds = FakeDiscoveryClient(lambda: [_rl("storage.k8s.io/v1", _r("storageclasses", ["sc"]))])
    delegate = FakeRESTMapper()

    def unexpected(message):
        raise AssertionError(f"unexpected warning message {message}")

    restmapper.new_shortcut_expander(delegate, ds, unexpected).kind_for(given)
    assert delegate.kind_for_input == expected


def test_kind_for_with_new_crds():
    """TestKindForWithNewCRDs: a short name of a resource discovery does not know yet is found after the deferred
    mapper's cache miss invalidates discovery."""
    srv_res = [
        _rl("a/v1", metav1.APIResource(name="storageclasses", shortNames=["sc"], kind="StorageClass")),
    ]
    invalidate_called = [False]
    fake_discovery = FakeDiscoveryClient(lambda: srv_res if invalidate_called[0] else [])
    fake_cached = FakeCachedDiscoveryClient(
        fake_discovery,
        fresh_handler=lambda: invalidate_called[0],
        invalidate_handler=lambda: invalidate_called.__setitem__(0, True),
    )

    def unexpected(message):
        raise AssertionError(f"unexpected warning message {message}")

    delegate = restmapper.new_deferred_discovery_rest_mapper(fake_cached)
    mapper = restmapper.new_shortcut_expander(delegate, fake_cached, unexpected)
    assert mapper.kind_for(GVR(group="a", resource="sc")) == GVK(group="a", version="v1", kind="StorageClass")


WARN_CASES = [
    (
        "warn ambiguity",
        "hpa",
        GVR(resource="superhorizontalpodautoscalers", group="autoscaling"),
        ['short name "hpa" could also match lower priority resource horizontalpodautoscalers.autoscaling'],
        [
            _rl("autoscaling/v1", _r("superhorizontalpodautoscalers", ["hpa"])),
            _rl("autoscaling/v1", _r("horizontalpodautoscalers", ["hpa"])),
        ],
    ),
    (
        "warn-builtin-shortname-ambugity",
        "po",
        GVR(resource="pods", group=""),
        ['short name "po" could also match lower priority resource poddlers.acme.com'],
        [_rl("v1", _r("pods", ["po"], "pod")), _rl("acme.com/v1", _r("poddlers", ["po"]))],
    ),
    (
        "warn-builtin-shortname-ambugity-multi-version",
        "po",
        GVR(resource="pods", group=""),
        ['short name "po" could also match lower priority resource poddlers.acme.com'],
        [
            _rl("v1", _r("pods", ["po"], "pod")),
            _rl("acme.com/v1", _r("poddlers", ["po"])),
            _rl("acme.com/v1beta1", _r("poddlers", ["po"])),
        ],
    ),
    (
        "resource-match-singular-preferred",
        "pod",
        GVR(resource="pod", group=""),
        [],
        [_rl("v1", _r("pods", singular="pod")), _rl("acme.com/v1", _r("poddlers", ["pods", "pod"]))],
    ),
    (
        "resource-multiple-versions-shortform",
        "hpa",
        GVR(resource="horizontalpodautoscalers", group="autoscaling"),
        [],
        [
            _rl("autoscaling/v1alphav1", _r("horizontalpodautoscalers", ["hpa"])),
            _rl("autoscaling/v1", _r("horizontalpodautoscalers", ["hpa"])),
        ],
    ),
    (
        "multi-resource-multiple-versions-shortform",
        "hpa",
        GVR(resource="horizontalpodautoscalers", group="autoscaling"),
        [
            'short name "hpa" could also match lower priority resource foo.foo',
            'short name "hpa" could also match lower priority resource bar.bar',
        ],
        [
            _rl("autoscaling/v1alphav1", _r("horizontalpodautoscalers", ["hpa"])),
            _rl("autoscaling/v1", _r("horizontalpodautoscalers", ["hpa"])),
            _rl("foo/v1", _r("foo", ["hpa"])),
            _rl("foo/v1beta1", _r("foo", ["hpa"])),
            _rl("bar/v1", _r("bar", ["hpa"])),
        ],
    ),
]


@pytest.mark.parametrize(("name", "arg", "expected", "warnings", "srv_res"), WARN_CASES)
def test_warn_ambigious(name, arg, expected, warnings, srv_res):
    """TestWarnAmbigious: each lower-priority resource a short name also matches is warned about once."""
    actual_warnings = []
    mapper = restmapper.new_shortcut_expander(
        FakeRESTMapper(), FakeDiscoveryClient(lambda: srv_res), actual_warnings.append
    )
    assert mapper._expand_resource_shortcut(None, GVR(resource=arg)) == expected
    assert actual_warnings == warnings


# ----- category_expansion_test.go -----


def _simple_category_expander():
    return restmapper.SimpleCategoryExpander(
        {"all": [GR(group="", resource="one"), GR(group="", resource="two"), GR("alpha", "three"), GR("bravo", "four")]}
    )


def test_category_expansion():
    """TestCategoryExpansion (Go's nil slice of "no-replacement" is an empty list)."""
    assert _simple_category_expander().expand("service") == ([], False)
    assert _simple_category_expander().expand("all") == (
        [
            GR(resource="one"),
            GR(resource="two"),
            GR(resource="three", group="alpha"),
            GR(resource="four", group="bravo"),
        ],
        True,
    )


@pytest.mark.parametrize(
    ("category", "server_response", "expected"),
    [
        (
            "all",
            [_rl("batch/v1", metav1.APIResource(name="jobs", shortNames=["jz"], categories=["all"]))],
            [GR(group="batch", resource="jobs")],
        ),
        ("all", [_rl("batch/v1", metav1.APIResource(name="jobs", shortNames=["jz"]))], []),
        ("targaryens", [_rl("batch/v1", metav1.APIResource(name="jobs", shortNames=["jz"], categories=["all"]))], []),
    ],
)
def test_discovery_category_expander(category, server_response, expected):
    """TestDiscoveryCategoryExpander."""
    dc = FakeDiscoveryClient(lambda: server_response)
    expanded, _ = restmapper.new_discovery_category_expander(dc).expand(category)
    assert expanded == expected
