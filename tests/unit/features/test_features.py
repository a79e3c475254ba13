"""client-go features: envvar_test.go's cases (KUBE_FEATURE_<name>, locked features, set/set_for_testing) and
the v0.37 defaults the reflector and informers depend on."""

import pytest

from kubernetes_py import features
from kubernetes_py.features.features import FeatureSpec, _EnvVarFeatureGates
from kubernetes_py.features.testing import set_feature_during_test

TEST_FEATURES = {
    "TestAlpha": FeatureSpec(default=False, pre_release=features.Alpha),
    "TestBeta": FeatureSpec(default=True, pre_release=features.Beta),
}
LOCKED = {"TestAlpha": FeatureSpec(default=True, lock_to_default=True, pre_release=features.Alpha)}


@pytest.mark.parametrize(
    "known,env,want",
    [
        (TEST_FEATURES, {}, {"TestAlpha": False, "TestBeta": True}),
        (TEST_FEATURES, {"TestAlpha": "true"}, {"TestAlpha": False, "TestBeta": True}),
        (TEST_FEATURES, {"KUBE_FEATURE_TestAlpha": "true"}, {"TestAlpha": True, "TestBeta": True}),
        (TEST_FEATURES, {"KUBE_FEATURE_TestAlpha": "TrueFalse"}, {"TestAlpha": False, "TestBeta": True}),
        (TEST_FEATURES, {"KUBE_FEATURE_TestAlpha": ""}, {"TestAlpha": False, "TestBeta": True}),
        (TEST_FEATURES, {"KUBE_FEATURE_TestBeta": "F"}, {"TestAlpha": False, "TestBeta": False}),
        (LOCKED, {"KUBE_FEATURE_TestAlpha": "False"}, {"TestAlpha": True}),
        (LOCKED, {"KUBE_FEATURE_TestAlpha": "True"}, {"TestAlpha": True}),
    ],
    ids=[
        "no env var, features get Defaults assigned",
        "incorrect env var, feature gets Default assigned",
        "correct env var changes the feature gets state",
        "incorrect env var value gets ignored",
        "empty env var value gets ignored",
        "a false value turns a default feature off",
        "a feature LockToDefault wins",
        "setting a feature to LockToDefault changes the internal state",
    ],
)
def test_env_var_feature_gates(monkeypatch, known, env, want):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    gates = _EnvVarFeatureGates(known)
    assert {name: gates.enabled(name) for name in known} == want


def test_set_wins_over_the_environment_and_locked_features_refuse_a_change(monkeypatch):
    monkeypatch.setenv("KUBE_FEATURE_TestAlpha", "true")
    gates = _EnvVarFeatureGates(TEST_FEATURES)
    assert not gates.has_already_read_env_var()
    gates.set("TestAlpha", False)
    assert gates.enabled("TestAlpha") is False and gates.has_already_read_env_var()
    locked = _EnvVarFeatureGates(LOCKED)
    with pytest.raises(ValueError, match='^cannot set feature gate "TestAlpha" to false, feature is locked to true$'):
        locked.set("TestAlpha", False)
    locked.set_for_testing("TestAlpha", False)
    assert locked.enabled("TestAlpha") is False
    with pytest.raises(KeyError, match="is not registered in FeatureGates"):
        gates.set("Unknown", True)
    with pytest.raises(KeyError, match="is not registered in FeatureGates"):
        gates.enabled("Unknown")


def test_client_go_defaults():
    gates = _EnvVarFeatureGates(features.known_features.default_kubernetes_feature_gates)
    assert gates.enabled(features.WatchListClient) is True
    assert gates.enabled(features.InOrderInformers) is True
    assert gates.enabled(features.ClientsAllowCBOR) is False


def test_set_feature_during_test_restores():
    before = features.feature_gates().enabled(features.WatchListClient)
    with set_feature_during_test(features.WatchListClient, not before):
        assert features.feature_gates().enabled(features.WatchListClient) is (not before)
    assert features.feature_gates().enabled(features.WatchListClient) is before
