"""util/watchlist: watch_list_test.go ported case by case."""

from __future__ import annotations

import pytest

from kubernetes_py import features
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.features.testing import set_feature_during_test
from kubernetes_py.util import watchlist


class SupportsWLS:
    def is_watch_list_semantics_un_supported(self) -> bool:
        return False


class DoesNotSupportWLS:
    def is_watch_list_semantics_un_supported(self) -> bool:
        return True


@pytest.mark.parametrize(
    "client,want",
    [(SupportsWLS(), False), (DoesNotSupportWLS(), True), (object(), False), (None, False)],
    ids=[
        "client implements the unSupportedWatchListSemantics interface and returns false",
        "client implements the unSupportedWatchListSemantics interface and returns true",
        "client does not implement the unSupportedWatchListSemantics interface",
        "nil client",
    ],
)
def test_does_client_not_support_watch_list_semantics(client, want):
    assert watchlist.does_client_not_support_watch_list_semantics(client) is want


def expected_watch_list_options_for(rv: str) -> metav1.ListOptions:
    return metav1.ListOptions(
        resourceVersion=rv,
        resourceVersionMatch=metav1.ResourceVersionMatchNotOlderThan,
        watch=True,
        allowWatchBookmarks=True,
        sendInitialEvents=True,
    )


NOT_OLDER = metav1.ResourceVersionMatchNotOlderThan
EXACT = metav1.ResourceVersionMatchExact


def opts(**kw: object) -> metav1.ListOptions:
    token = kw.pop("continue_", None)
    o = metav1.ListOptions(**kw)
    if token is not None:
        setattr(o, "continue", token)
    return o


SCENARIOS = [
    ("can't enable watch list for: WatchListClient=off, RVM=unset, RV=unset, Limit=unset, Continuation=unset",
     opts(), False, False, None),
    ("can enable watch list for: RVM=unset, RV=unset, Limit=unset, Continuation=unset",
     opts(), True, True, ""),
    ("can enable watch list for: RVM=unset, RV=0, Limit=unset, Continuation=unset",
     opts(resourceVersion="0"), True, True, "0"),
    ("can enable watch list for: RVM=unset, RV=100, Limit=unset, Continuation=unset",
     opts(resourceVersion="100"), True, True, "100"),
    ("legacy: can enable watch list for: RVM=unset, RV=0, Limit=4,  Continuation=unset",
     opts(resourceVersion="0", limit=4), True, True, "0"),
    ("can't enable watch list for: RVM=unset, RV=0, Limit=unset, Continuation=FakeToken",
     opts(resourceVersion="0", continue_="FakeToken"), True, False, None),
    ("can't enable watch list for: RVM=NotOlderThan, RV=unset, Limit=unset, Continuation=unset",
     opts(resourceVersionMatch=NOT_OLDER), True, False, None),
    ("can enable watch list for: RVM=NotOlderThan, RV=0, Limit=unset, Continuation=unset",
     opts(resourceVersionMatch=NOT_OLDER, resourceVersion="0"), True, True, "0"),
    ("can enable watch list for: RVM=NotOlderThan, RV=100, Limit=unset, Continuation=unset",
     opts(resourceVersionMatch=NOT_OLDER, resourceVersion="100"), True, True, "100"),
    ("legacy: can enable watch list for: RVM=NotOlderThan, RV=0, Limit=4, Continuation=unset",
     opts(resourceVersionMatch=NOT_OLDER, resourceVersion="0", limit=4), True, True, "0"),
    ("can't enable watch list for: RVM=NotOlderThan, RV=0, Limit=unset, Continuation=FakeToken",
     opts(resourceVersionMatch=NOT_OLDER, resourceVersion="0", continue_="FakeToken"), True, False, None),
    ("can't enable watch list for: RVM=Exact, RV=unset, Limit=unset, Continuation=unset",
     opts(resourceVersionMatch=EXACT), True, False, None),
    ("can enable watch list for: RVM=Exact, RV=0, Limit=unset, Continuation=unset",
     opts(resourceVersionMatch=EXACT, resourceVersion="0"), True, False, None),
    ("can enable watch list for: RVM=Exact, RV=100, Limit=unset, Continuation=unset",
     opts(resourceVersionMatch=EXACT, resourceVersion="100"), True, False, None),
    ("can't enable watch list for: RVM=Exact, RV=0, Limit=4,  Continuation=unset",
     opts(resourceVersionMatch=EXACT, resourceVersion="0", limit=4), True, False, None),
    ("can't enable watch list for: RVM=Exact, RV=0, Limit=unset, Continuation=FakeToken",
     opts(resourceVersionMatch=EXACT, resourceVersion="0", continue_="FakeToken"), True, False, None),
]  # fmt: skip


@pytest.mark.parametrize("list_options,gate,prepared,rv", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_prepare_watch_list_options_from_list_options(list_options, gate, prepared, rv):
    with set_feature_during_test(features.WatchListClient, gate):
        got, ok = watchlist.prepare_watch_list_options_from_list_options(list_options)
    assert ok is prepared
    assert got == (expected_watch_list_options_for(rv) if rv is not None else metav1.ListOptions())


def test_prepare_keeps_selectors_and_timeout_and_leaves_the_input_alone():
    given = metav1.ListOptions(labelSelector="app=web", fieldSelector="metadata.name=a", timeoutSeconds=30, limit=500)
    given.resourceVersion = "0"
    with set_feature_during_test(features.WatchListClient, True):
        got, ok = watchlist.prepare_watch_list_options_from_list_options(given)
    assert ok
    want = expected_watch_list_options_for("0")
    want.labelSelector, want.fieldSelector, want.timeoutSeconds = "app=web", "metadata.name=a", 30
    assert got == want
    assert given.limit == 500 and not given.watch


def test_prepare_raises_the_selector_parse_errors():
    with set_feature_during_test(features.WatchListClient, True):
        with pytest.raises(ValueError, match=r"^unable to parse requirement: found '', expected: ',' or '\)'$"):
            watchlist.prepare_watch_list_options_from_list_options(metav1.ListOptions(labelSelector="a in (b"))
        with pytest.raises(ValueError, match=r"^invalid selector: 'abc'; can't understand 'abc'$"):
            watchlist.prepare_watch_list_options_from_list_options(metav1.ListOptions(fieldSelector="abc"))
        assert watchlist.prepare_watch_list_options_from_list_options(metav1.ListOptions(fieldSelector="a=b,=c"))[1]
