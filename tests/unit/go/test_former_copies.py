"""Where a hand-written copy of a Go standard-library function differed from Go, before kubernetes_py._go became
the one home: each case here failed with the copy and passes with the shared function."""

from kubernetes_py import testing
from kubernetes_py._go import time as gotime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.tools.clientcmd import helpers as clientcmd_helpers

PODS = GroupVersionResource(version="v1", resource="pods")


def test_patch_subresource_actions_join_as_path_join():
    # posixpath.normpath keeps a leading "//"; Go's path.Join does not.
    action = testing.new_patch_subresource_action(PODS, "ns", "p", "application/merge-patch+json", b"{}", "/", "status")
    assert action.get_subresource() == "/status"
    action = testing.new_root_patch_subresource_action(PODS, "p", "application/merge-patch+json", b"{}", "//status")
    assert action.get_subresource() == "/status"
    assert testing.new_root_patch_subresource_action(PODS, "p", "t", b"{}").get_subresource() == ""


def test_unstructured_timestamp_is_zero_only_without_nanoseconds():
    # Go's SetCreationTimestamp writes 0001-01-01T00:00:00Z for the zero second plus a nanosecond: IsZero is false.
    u = Unstructured({"metadata": {}})
    u.set_creation_timestamp(metav1.Time(seconds=gotime.ZERO_TIME_SECONDS, nanos=1))
    assert u.object["metadata"] == {"creationTimestamp": "0001-01-01T00:00:00Z"}
    u.set_creation_timestamp(metav1.Time(seconds=gotime.ZERO_TIME_SECONDS))
    assert u.object["metadata"] == {}


def test_clientcmd_parse_duration_is_go_parse_duration():
    # The seconds-based copy said "invalid duration" where Go names the missing or unknown unit, and refused
    # the most negative int64 duration.
    for text, message in [
        ("1", 'time: missing unit in duration "1"'),
        ("1m1", 'time: missing unit in duration "1m1"'),
        ("1h-1m", 'time: unknown unit "h-" in duration "1h-1m"'),
    ]:
        try:
            clientcmd_helpers.parse_duration(text)
        except ValueError as err:
            assert str(err) == message
        else:
            raise AssertionError(f"{text!r} parsed")
    assert clientcmd_helpers.parse_duration("-9223372036854775808ns") == -9223372036.854775808


def test_one_url_redacted_for_requests_and_kubeconfig_validation():
    # rest's copy took the userinfo up to the last "@" of everything before the path, query included; clientcmd's
    # copy wanted a scheme. Go's URL.Redacted does neither.
    from kubernetes_py._go.url import redacted

    assert redacted("http://u:p@h?x@y") == "http://u:xxxxx@h?x@y"
    assert redacted("//u:p@h/a") == "//u:xxxxx@h/a"
    assert redacted("https://token@h/api") == "https://token@h/api"
