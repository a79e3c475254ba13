"""apimachinery api/meta RESTMappers and errors (cases ported from apimachinery's restmapper, priority,
multirestmapper and errors tests)."""

from __future__ import annotations

import pytest

from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersion, GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery.util.errors import Aggregate

GVR = GroupVersionResource
GVK = GroupVersionKind


class Fixed(meta.RESTMapper):
    """A mapper answering fixed values; ``err`` is raised (with the values as partial results when set)."""

    def __init__(self, resources_for=None, kinds_for=None, mappings=None, err=None):
        self._resources, self._kinds, self._mappings, self._err = resources_for, kinds_for, mappings, err

    def _answer(self, values):
        if self._err is not None:
            self._err.partial_results = list(values or [])
            raise self._err
        return list(values or [])

    def resources_for(self, resource):
        return self._answer(self._resources)

    def kinds_for(self, resource):
        return self._answer(self._kinds)

    def rest_mappings(self, gk, *versions):
        return self._answer(self._mappings)


@pytest.mark.parametrize(
    "kind,plural,singular",
    [
        ("Pod", "pods", "pod"),
        ("ReplicationController", "replicationcontrollers", "replicationcontroller"),
        ("ImageRepository", "imagerepositories", "imagerepository"),
        ("Status", "statuses", "status"),
        ("lowercase", "lowercases", "lowercase"),
        ("lowercases", "lowercaseses", "lowercases"),
        ("Endpoints", "endpoints", "endpoints"),
    ],
)
def test_guessed_plurals_and_singularizer(kind, plural, singular):
    gv = GroupVersion(group="tgroup", version="test")
    m = meta.new_default_rest_mapper([gv])
    m.add(gv.with_kind(kind), meta.RESTScopeNamespace)
    assert meta.unsafe_guess_kind_to_resource(gv.with_kind(kind)) == (
        gv.with_resource(plural),
        gv.with_resource(singular),
    )
    assert m.resource_singularizer(plural) == singular


def test_default_mapper_lookups_and_errors():
    gv1, gv2 = GroupVersion(group="tgroup", version="test"), GroupVersion(group="tgroup", version="test2")
    m = meta.new_default_rest_mapper([gv1, gv2])
    m.add(gv1.with_kind("InternalObject"), meta.RESTScopeNamespace)
    m.add(gv2.with_kind("InternalObject"), meta.RESTScopeNamespace)
    m.add(GroupVersion(group="other", version="v1").with_kind("Other"), meta.RESTScopeRoot)
    assert m.resources_for(GVR(resource="internalobjects")) == [
        GVR("tgroup", "test", "internalobjects"),
        GVR("tgroup", "test2", "internalobjects"),
    ]
    assert m.kind_for(GVR(version="test2", resource="internalobject")) == gv2.with_kind("InternalObject")
    assert m.resources_for(GVR(group="tgr", resource="internalobjects"))[0] == GVR("tgroup", "test", "internalobjects")
    assert m.kind_for(GVR(version="__internal", resource="others")) == GVK("other", "v1", "Other")
    with pytest.raises(meta.AmbiguousResourceError) as info:
        m.resource_for(GVR(resource="internalobjects"))
    assert str(info.value) == (
        "/, Resource=internalobjects matches multiple resources "
        "[tgroup/test, Resource=internalobjects tgroup/test2, Resource=internalobjects]"
    )
    with pytest.raises(meta.AmbiguousResourceError) as info:
        m.kind_for(GVR(resource="internalobject"))
    assert str(info.value) == (
        "/, Resource=internalobject matches multiple kinds "
        "[tgroup/test, Kind=InternalObject tgroup/test2, Kind=InternalObject]"
    )
    with pytest.raises(ValueError, match=r"^a resource must be present, got: tgroup/, Resource=$"):
        m.resources_for(GVR(group="tgroup"))
    mapping = m.rest_mapping(GroupKind(group="tgroup", kind="InternalObject"))
    assert (mapping.resource, mapping.scope.name()) == (GVR("tgroup", "test", "internalobjects"), "namespace")
    assert m.rest_mapping(
        GroupKind(group="tgroup", kind="InternalObject"), "test2"
    ).group_version_kind == gv2.with_kind("InternalObject")
    with pytest.raises(meta.NoKindMatchError) as info:
        m.rest_mapping(GroupKind(group="tgroup", kind="Missing"), "test", "test2")
    assert str(info.value) == 'no matches for kind "Missing" in versions ["tgroup/test" "tgroup/test2"]'
    with pytest.raises(meta.NoKindMatchError) as info:
        m.rest_mapping(GroupKind(group="nogroup", kind="Missing"))
    assert str(info.value) == 'no matches for kind "Missing" in group "nogroup"'
    assert str(m).startswith(
        "DefaultRESTMapper{kindToPluralResource=map[other/v1, Kind=Other:other/v1, "
        "Resource=others tgroup/test, Kind=InternalObject:"
    )


def test_error_matchers_see_through_causes_and_aggregates():
    errors_and_matchers = [
        (meta.AmbiguousResourceError(matching_resources=[GVR()]), meta.is_ambiguous_error),
        (meta.AmbiguousKindError(matching_resources=[GVR()]), meta.is_ambiguous_error),
        (meta.NoResourceMatchError(partial_resource=GVR(group="foo")), meta.is_no_match_error),
        (meta.NoKindMatchError(searched_versions=["foo"]), meta.is_no_match_error),
    ]
    for err, matcher in errors_and_matchers:
        assert matcher(err)
        wrapped = RuntimeError("wrapped")
        wrapped.__cause__ = err
        assert matcher(wrapped)
        assert matcher(Aggregate([ValueError("x"), err]))
        assert not matcher(ValueError("foo"))
    assert not meta.is_no_match_error(None)
    assert (
        str(meta.AmbiguousKindError(partial_kind=GVK(kind="Foo"))) == "/, Kind=Foo matches multiple resources or kinds"
    )


def test_priority_resource_for():
    two = [GVR("one", "a", "first"), GVR("two", "b", "second")]
    p = meta.PriorityRESTMapper(delegate=Fixed(resources_for=[GVR(resource="single-hit")]))
    assert p.resource_for(GVR()) == GVR(resource="single-hit")
    with pytest.raises(meta.AmbiguousResourceError, match="matches multiple resources"):
        meta.PriorityRESTMapper(delegate=Fixed(resources_for=two)).resource_for(GVR())
    p = meta.PriorityRESTMapper(
        delegate=Fixed(resources_for=two), resource_priority=[GVR("one", meta.AnyVersion, meta.AnyResource)]
    )
    assert p.resource_for(GVR()) == GVR("one", "a", "first")
    p = meta.PriorityRESTMapper(
        delegate=Fixed(resources_for=two),
        resource_priority=[GVR("three", meta.AnyVersion, meta.AnyResource), GVR(meta.AnyGroup, "b", meta.AnyResource)],
    )
    assert p.resource_for(GVR()) == GVR("two", "b", "second")
    with pytest.raises(RuntimeError, match="^delegateError$"):
        meta.PriorityRESTMapper(delegate=Fixed(err=RuntimeError("delegateError"))).resource_for(GVR())
    # Go returns the chosen result together with the delegate's error: the error carries it
    with pytest.raises(RuntimeError, match="^delegateError$") as info:
        meta.PriorityRESTMapper(
            delegate=Fixed(resources_for=two, err=RuntimeError("delegateError")),
            resource_priority=[GVR("one", meta.AnyVersion, meta.AnyResource)],
        ).resource_for(GVR())
    assert info.value.partial_results == [GVR("one", "a", "first")]


def test_priority_rest_mapping_over_multi():
    m1 = meta.RESTMapping(resource=GVR(resource="foo"), group_version_kind=GVK(version="v1alpha1", kind="Foo"))
    m2 = meta.RESTMapping(resource=GVR(resource="foo"), group_version_kind=GVK(version="v1", kind="Foo"))
    m3 = meta.RESTMapping(
        resource=GVR(group="other", resource="foo"), group_version_kind=GVK(group="other", version="v1", kind="Foo")
    )
    all_mappers = meta.MultiRESTMapper([Fixed(mappings=[m1]), Fixed(mappings=[m2]), Fixed(mappings=[m3])])
    with pytest.raises(meta.NoKindMatchError) as info:
        meta.PriorityRESTMapper(delegate=meta.MultiRESTMapper()).rest_mapping(GroupKind(kind="Foo"))
    assert str(info.value) == 'no matches for kind "Foo" in group ""'
    ignore = meta.MultiRESTMapper([Fixed(err=meta.NoKindMatchError(group_kind=GroupKind(kind="IGNORE_THIS")))])
    with pytest.raises(meta.NoKindMatchError, match='kind "Foo"'):
        meta.PriorityRESTMapper(delegate=ignore).rest_mapping(GroupKind(kind="Foo"))
    first_failure = meta.MultiRESTMapper([Fixed(err=RuntimeError("fail on this")), Fixed(mappings=[m1])])
    with pytest.raises(Aggregate, match="^fail on this$"):
        meta.PriorityRESTMapper(delegate=first_failure).rest_mapping(GroupKind(kind="Foo"))
    with pytest.raises(meta.AmbiguousKindError) as info:
        meta.PriorityRESTMapper(delegate=all_mappers).rest_mapping(GroupKind(kind="Foo"))
    assert (
        str(info.value) == "/, Kind=Foo matches multiple kinds [/v1alpha1, Kind=Foo /v1, Kind=Foo other/v1, Kind=Foo]"
    )
    p = meta.PriorityRESTMapper(
        delegate=all_mappers,
        kind_priority=[GVK(meta.AnyGroup, "v1", meta.AnyKind), GVK("", meta.AnyVersion, meta.AnyKind)],
    )
    assert p.rest_mapping(GroupKind(kind="Foo")) is m2
    assert meta.PriorityRESTMapper(delegate=all_mappers).rest_mapping(GroupKind(kind="Foo"), "v1alpha1") is m1


def test_multi_mapper_merges_and_reports_ambiguity():
    multi = meta.MultiRESTMapper(
        [
            Fixed(resources_for=[GVR(resource="first")]),
            Fixed(resources_for=[GVR(resource="first"), GVR(resource="second")]),
        ]
    )
    assert multi.resources_for(GVR()) == [GVR(resource="first"), GVR(resource="second")]
    with pytest.raises(meta.AmbiguousResourceError):
        multi.resource_for(GVR(resource="x"))
    with pytest.raises(RuntimeError, match="fail on this"):
        meta.MultiRESTMapper(
            [Fixed(err=RuntimeError("fail on this")), Fixed(resources_for=[GVR(resource="unused")])]
        ).resources_for(GVR())
    with pytest.raises(meta.NoResourceMatchError, match=r"^no matches for /, Resource=foo$"):
        meta.MultiRESTMapper([Fixed(err=meta.NoResourceMatchError())]).resources_for(GVR(resource="foo"))
    assert (
        str(meta.MultiRESTMapper([meta.new_default_rest_mapper()]))
        == "MultiRESTMapper{\n\tDefaultRESTMapper{kindToPluralResource=map[]}\n}"
    )


def test_first_hit_and_lazy_mappers():
    hit = meta.FirstHitRESTMapper([Fixed(err=meta.NoResourceMatchError()), Fixed(resources_for=[GVR(resource="a")])])
    assert hit.resources_for(GVR(resource="a")) == [GVR(resource="a")]
    calls = []

    def load():
        calls.append(1)
        m = meta.new_default_rest_mapper([GroupVersion(version="v1")])
        m.add(GVK(version="v1", kind="Pod"), meta.RESTScopeNamespace)
        return m

    lazy = meta.new_lazy_rest_mapper_loader(load)
    assert calls == []
    assert lazy.kind_for(GVR(resource="pods")) == GVK(version="v1", kind="Pod")
    assert lazy.resource_for(GVR(resource="pod")) == GVR(version="v1", resource="pods")
    assert calls == [1]
    broken = meta.new_lazy_rest_mapper_loader(lambda: (_ for _ in ()).throw(OSError("no discovery")))
    for _ in range(2):
        with pytest.raises(OSError, match="no discovery"):
            broken.kind_for(GVR(resource="pods"))
