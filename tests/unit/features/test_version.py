"""apimachinery util/version as features use it (cases from version_test.go) and util/naming's call-site names."""

from __future__ import annotations

import pytest

from kubernetes_py.apimachinery.util import naming, version


@pytest.mark.parametrize(
    "text,want,semver",
    [
        ("1.36", "1.36", False),
        ("v1.2.3", "1.2.3", True),
        ("1.0.0-alpha.1+build.5", "1.0.0-alpha.1+build.5", True),
        ("  v1.4.7rc1  ", "1.4.7", False),
        ("1.2.3.4", "1.2.3.4", False),
    ],
)
def test_parse(text, want, semver):
    v = version.must_parse(text)
    assert str(v) == want
    assert v == (version.parse_semantic(text) if semver else version.parse_generic(text))


@pytest.mark.parametrize(
    "text,err",
    [
        ("", 'could not parse "" as version'),
        ("1", 'illegal version string "1"'),
        ("01.2", 'illegal zero-prefixed version component "01" in "01.2"'),
    ],
)
def test_parse_errors(text, err):
    with pytest.raises(ValueError) as caught:
        version.must_parse(text)
    assert str(caught.value) == err


def test_semantic_errors_and_ordering():
    with pytest.raises(ValueError, match=r'^illegal zero-prefixed version component "01" in "1.01.0"$'):
        version.parse_semantic("1.01.0")
    with pytest.raises(ValueError, match=r'^illegal zero-prefixed version component "01" in "1.0.0-01"$'):
        version.parse_semantic("1.0.0-01")
    order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1"]
    parsed = [version.parse_semantic(s) for s in order + ["1.0.0"]]
    for a, b in zip(parsed, parsed[1:]):
        assert a.less_than(b) and b.greater_than(a) and not a.at_least(b)
    assert version.parse_generic("1.4").equal_to(version.parse_generic("1.4.0"))
    assert version.parse_generic("1.4") != version.parse_generic("1.4.0")
    assert version.parse_semantic("1.2.3").compare("1.2.4") == -1
    assert version.major_minor(1, 30).components() == [1, 30]
    assert str(version.must_parse("1.30").with_patch(2).with_pre_release("rc.1")) == "1.30.2-rc.1"
    assert str(version.must_parse("1.3").subtract_minor(5)) == "1.0"


def test_get_name_from_callsite():
    here = naming.get_name_from_callsite()
    assert here.startswith("features/test_version.py:")

    def made_here() -> str:
        return naming.get_name_from_callsite("features/test_version.py")

    assert not made_here().startswith("features/test_version.py")  # the caller outside the ignored file
