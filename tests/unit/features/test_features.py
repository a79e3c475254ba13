"""client-go features: envvar_test.go, features_test.go and features/testing/features_init_test.go, test by test."""

from __future__ import annotations

import re
from typing import Callable, Dict, Iterator, List

import pytest

from kubernetes_py import features
from kubernetes_py.apimachinery.util import version
from kubernetes_py.features import envvar
from kubernetes_py.features import features as featuresmod
from kubernetes_py.features.known_features import default_versioned_kubernetes_feature_gates
from kubernetes_py.features.testing import set_feature_during_test, set_feature_during_test_internal

FeatureSpec = features.FeatureSpec

DEFAULT_TEST_FEATURES = {
    "TestAlpha": FeatureSpec(default=False, lock_to_default=False, pre_release="Alpha"),
    "TestBeta": FeatureSpec(default=True, lock_to_default=False, pre_release="Beta"),
}
LOCKED_ALPHA = {"TestAlpha": FeatureSpec(default=True, lock_to_default=True, pre_release="Alpha")}
DEFAULT_STATE = {"TestAlpha": False, "TestBeta": True}

# TestEnvVarFeatureGates: (name, features, env, set, set_for_testing, expected, internal env map, internal set map)
ENV_VAR_SCENARIOS = [
    ("can add empty features", None, {}, {}, {}, {}, {}, {}),
    ("no env var, features get Defaults assigned", DEFAULT_TEST_FEATURES, {}, {}, {}, DEFAULT_STATE, {}, {}),
    (
        "incorrect env var, feature gets Default assigned",
        DEFAULT_TEST_FEATURES,
        {"TestAlpha": "true"},
        {},
        {},
        DEFAULT_STATE,
        {},
        {},
    ),
    (
        "correct env var changes the feature gets state",
        DEFAULT_TEST_FEATURES,
        {"KUBE_FEATURE_TestAlpha": "true"},
        {},
        {},
        {"TestAlpha": True, "TestBeta": True},
        {"TestAlpha": True},
        {},
    ),
    (
        "incorrect env var value gets ignored",
        DEFAULT_TEST_FEATURES,
        {"KUBE_FEATURE_TestAlpha": "TrueFalse"},
        {},
        {},
        DEFAULT_STATE,
        {},
        {},
    ),
    (
        "empty env var value gets ignored",
        DEFAULT_TEST_FEATURES,
        {"KUBE_FEATURE_TestAlpha": ""},
        {},
        {},
        DEFAULT_STATE,
        {},
        {},
    ),
    (
        "a feature LockToDefault wins",
        LOCKED_ALPHA,
        {"KUBE_FEATURE_TestAlpha": "False"},
        {},
        {},
        {"TestAlpha": True},
        {},
        {},
    ),
    (
        "setting a feature to LockToDefault changes the internal state",
        LOCKED_ALPHA,
        {"KUBE_FEATURE_TestAlpha": "True"},
        {},
        {},
        {"TestAlpha": True},
        {"TestAlpha": True},
        {},
    ),
    (
        "setting a feature via the Set method works",
        DEFAULT_TEST_FEATURES,
        {},
        {"TestAlpha": True},
        {},
        {"TestAlpha": True},
        {},
        {"TestAlpha": True},
    ),
    (
        "setting a feature via the Set method wins",
        DEFAULT_TEST_FEATURES,
        {"KUBE_FEATURE_TestAlpha": "True"},
        {"TestAlpha": False},
        {},
        {"TestAlpha": False},
        {"TestAlpha": True},
        {"TestAlpha": False},
    ),
    (
        "setting a feature via the SetForTesting method works even when it is locked",
        LOCKED_ALPHA,
        {},
        {},
        {"TestAlpha": False},
        {"TestAlpha": False},
        {},
        {"TestAlpha": False},
    ),
]


@pytest.mark.parametrize(
    "known,env,set_method,set_for_testing,expected,internal_env,internal_set",
    [s[1:] for s in ENV_VAR_SCENARIOS],
    ids=[s[0] for s in ENV_VAR_SCENARIOS],
)
def test_env_var_feature_gates(
    monkeypatch, known, env, set_method, set_for_testing, expected, internal_env, internal_set
):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    target = envvar.new_env_var_feature_gates(known)
    for k, v in set_method.items():
        target.set(k, v)
    for k, v in set_for_testing.items():
        target.set_for_testing(k, v)
    for feature, want in expected.items():
        assert target.enabled(feature) is want, feature
    assert target.enabled_via_env_var == internal_env
    assert target.enabled_via_set_method == internal_set


def test_env_var_feature_gates_enabled_panic():
    target = envvar.new_env_var_feature_gates(None)
    assert target.call_site_name.startswith("features/test_features.py:")
    with pytest.raises(features.FeatureNotRegisteredError) as caught:
        target.enabled("UnknownFeature")
    assert str(caught.value) == f'feature "UnknownFeature" is not registered in FeatureGates "{target.call_site_name}"'


def test_has_already_read_env_var():
    target = envvar.new_env_var_feature_gates(None)
    assert not target.has_already_read_env_var()
    target.get_enabled_map_from_env_var()
    assert target.has_already_read_env_var()


def test_enabled_reads_the_environment_once_even_when_set_answers(monkeypatch):
    monkeypatch.setenv("KUBE_FEATURE_TestBeta", "false")
    target = envvar.new_env_var_feature_gates(DEFAULT_TEST_FEATURES)
    target.set("TestAlpha", True)
    assert target.enabled("TestAlpha") is True
    assert target.has_already_read_env_var()
    monkeypatch.setenv("KUBE_FEATURE_TestBeta", "true")  # read already: not seen
    assert target.enabled("TestBeta") is False


@pytest.mark.parametrize(
    "known,name,value,expected",
    [
        (DEFAULT_TEST_FEATURES, "", False, 'feature "" is not registered in FeatureGates "{}"'),
        (DEFAULT_TEST_FEATURES, "Unknown", False, 'feature "Unknown" is not registered in FeatureGates "{}"'),
        (
            {"LockedFeature": FeatureSpec(lock_to_default=True, default=True)},
            "LockedFeature",
            False,
            'cannot set feature gate "LockedFeature" to false, feature is locked to true',
        ),
    ],
    ids=[
        "empty feature name returns an error",
        "setting unknown feature returns an error",
        "setting locked feature returns an error",
    ],
)
def test_env_var_feature_gates_set_negative(known, name, value, expected):
    target = envvar.new_env_var_feature_gates(known)
    with pytest.raises((KeyError, ValueError)) as caught:
        target.set(name, value)
    assert str(caught.value) == expected.format(target.call_site_name)


class _FakeRegistry:
    def __init__(self) -> None:
        self.specs: Dict[str, FeatureSpec] = {}

    def add(self, specs: Dict[str, FeatureSpec]) -> None:
        self.specs = specs


class _FakeVersionedRegistry:
    def __init__(self) -> None:
        self.specs: Dict[str, List[FeatureSpec]] = {}

    def add_versioned(self, specs: Dict[str, List[FeatureSpec]]) -> None:
        self.specs = specs


def test_add_features_to_existing_feature_gates():
    registry = _FakeRegistry()
    features.add_features_to_existing_feature_gates(registry)
    assert registry.specs == featuresmod.unversioned_feature_gates(default_versioned_kubernetes_feature_gates)
    assert registry.specs[features.WatchListClient] == FeatureSpec(default=True, pre_release=features.Beta)
    assert registry.specs[features.InOrderInformers] == FeatureSpec(
        default=True, pre_release=features.GA, lock_to_default=True
    )
    assert len(registry.specs) == 10


def test_add_versioned_features_to_existing_feature_gates():
    registry = _FakeVersionedRegistry()
    features.add_versioned_features_to_existing_feature_gates(registry)
    assert registry.specs == default_versioned_kubernetes_feature_gates
    assert registry.specs[features.WatchListClient] == [
        FeatureSpec(version=version.must_parse("1.30"), default=False, pre_release=features.Beta),
        FeatureSpec(version=version.must_parse("1.35"), default=True, pre_release=features.Beta),
    ]


def test_unversioned_feature_gates():
    gates = {
        "AlphaFeature": [FeatureSpec(version=version.must_parse("1.30"), default=False, pre_release=features.Alpha)],
        "BetaFeature": [
            FeatureSpec(version=version.must_parse("1.28"), default=False, pre_release=features.Alpha),
            FeatureSpec(version=version.must_parse("1.30"), default=True, pre_release=features.Beta),
        ],
        "GAFeature": [
            FeatureSpec(version=version.must_parse("1.25"), default=False, pre_release=features.Alpha),
            FeatureSpec(version=version.must_parse("1.27"), default=True, pre_release=features.Beta),
            FeatureSpec(
                version=version.must_parse("1.29"), default=True, pre_release=features.GA, lock_to_default=True
            ),
        ],
        "NoSpecs": [],
    }
    assert featuresmod.unversioned_feature_gates(gates) == {
        "AlphaFeature": FeatureSpec(default=False, pre_release=features.Alpha),
        "BetaFeature": FeatureSpec(default=True, pre_release=features.Beta),
        "GAFeature": FeatureSpec(default=True, pre_release=features.GA, lock_to_default=True),
    }


@pytest.fixture
def restore_gates() -> Iterator[Callable[[features.Gates], None]]:
    """Go's replaceFeatureGatesForTest: install gates, the previous ones back when the test ends."""
    original = features.feature_gates()

    def replace(gates: features.Gates) -> None:
        features.replace_feature_gates(gates)

    yield replace
    features.replace_feature_gates(original)


def test_replace_feature_gates_with_warning_indicator(restore_gates):
    default_gates = features.feature_gates()
    with pytest.raises(features.FeatureNotRegisteredError):
        default_gates.enabled("Foo")
    assert featuresmod.replace_feature_gates_with_warning_indicator(default_gates)


def test_default_gates_are_named_after_client_go_features_module():
    fresh = featuresmod._new_default_gates()
    assert re.fullmatch(r"kubernetes_py/features/features\.py:\d+", fresh.call_site_name)
    assert fresh.enabled(features.WatchListClient) is True
    assert fresh.enabled(features.ClientsAllowCBOR) is False
    assert fresh.enabled(features.InformerResourceVersion) is True


# features/testing/features_init_test.go


class _FakeFeatureGates:
    def __init__(self, state: Dict[str, bool]) -> None:
        self.features = state

    def enabled(self, feature: str) -> bool:
        if feature not in self.features:
            raise KeyError(f'feature "{feature}" is not registered in featureGates')
        return self.features[feature]

    def set(self, feature: str, value: bool) -> None:
        self.features[feature] = value


class _ReadOnlyAlwaysDisabledFeatureGates:
    def enabled(self, feature: str) -> bool:
        return False


class _FakeT:
    def __init__(self, name: str) -> None:
        self.fake_test_name = name
        self.cleanups: List[Callable[[], None]] = []

    def name(self) -> str:
        return self.fake_test_name

    def cleanup(self, fn: Callable[[], None]) -> None:
        self.cleanups.append(fn)


def test_drive_init_default_feature_gates(restore_gates):
    with pytest.raises(KeyError, match='feature "FakeFeatureGate" is not registered in FeatureGate'):
        features.feature_gates().enabled("FakeFeatureGate")
    fake = _FakeFeatureGates({"FakeFeatureGate": True})
    assert fake.enabled("FakeFeatureGate")
    restore_gates(fake)
    assert features.feature_gates() is fake
    assert features.feature_gates().enabled("FakeFeatureGate")


def test_set_feature_gates_during_test(restore_gates):
    fake = _FakeFeatureGates({"FeatureA": True, "FeatureB": True})
    restore_gates(fake)
    with set_feature_during_test("FeatureA", False):
        assert features.feature_gates().enabled("FeatureA") is False
        assert features.feature_gates().enabled("FeatureB") is True
    assert features.feature_gates().enabled("FeatureA") is True


def test_set_feature_gates_during_test_panics(restore_gates):
    restore_gates(_FakeFeatureGates({"FakeFeatureGate": True}))
    with pytest.raises(KeyError, match='feature "UnknownFeature" is not registered in featureGates'):
        with set_feature_during_test("UnknownFeature", False):
            pass
    read_only = _ReadOnlyAlwaysDisabledFeatureGates()
    restore_gates(read_only)
    with pytest.raises(TypeError) as caught:
        with set_feature_during_test("FakeFeature", False):
            pass
    assert str(caught.value) == (
        "clientfeatures.FeatureGates(): *test_features._ReadOnlyAlwaysDisabledFeatureGates "
        "does not implement featureGatesSetter interface"
    )


@pytest.mark.parametrize(
    "first,second,expect_error",
    [("fooTest", "barTest", True), ("fooTest", "fooTest", False), ("fooTest", "fooTest/scenario1", False)],
    ids=[
        "concurrent tests setting the same feature fail",
        "same test setting the same feature does not fail",
        "subtests setting the same feature don't not fail",
    ],
)
def test_overrides_for_set_feature_gates_during_test(restore_gates, first, second, expect_error):
    restore_gates(_FakeFeatureGates({"FeatureA": True}))
    fake_t = _FakeT(first)
    try:
        set_feature_during_test_internal(fake_t, "FeatureA", True)
        assert features.feature_gates().enabled("FeatureA")
        fake_t.fake_test_name = second
        if expect_error:
            with pytest.raises(ValueError) as caught:
                set_feature_during_test_internal(fake_t, "FeatureA", False)
            assert str(caught.value) == (
                'client-go feature "FeatureA" is currently overridden by "fooTest" test and '
                'cannot be also modified by "barTest"'
            )
            assert features.feature_gates().enabled("FeatureA") is True
        else:
            set_feature_during_test_internal(fake_t, "FeatureA", False)
            assert features.feature_gates().enabled("FeatureA") is False
    finally:
        for fn in reversed(fake_t.cleanups):
            fn()
    assert features.feature_gates().enabled("FeatureA") is True


def test_set_feature_during_test_restores_the_default_gates():
    before = features.feature_gates().enabled(features.WatchListClient)
    with set_feature_during_test(features.WatchListClient, not before):
        assert features.feature_gates().enabled(features.WatchListClient) is (not before)
        with set_feature_during_test(features.WatchListClient, before):  # the same test may nest
            assert features.feature_gates().enabled(features.WatchListClient) is before
        assert features.feature_gates().enabled(features.WatchListClient) is (not before)
    assert features.feature_gates().enabled(features.WatchListClient) is before
    locked = features.InOrderInformers  # locked to true: only set_for_testing may change it
    with set_feature_during_test(locked, False):
        assert features.feature_gates().enabled(locked) is False
    assert features.feature_gates().enabled(locked) is True
