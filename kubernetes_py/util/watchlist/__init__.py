"""k8s.io/client-go/util/watchlist: when a list can be served by a watch-list request, and which clients cannot."""

from __future__ import annotations

from typing import Any, Tuple

from kubernetes_py import features
from kubernetes_py.apimachinery import fields, labels
from kubernetes_py.apimachinery.apis.meta import v1 as metav1

__all__ = ["does_client_not_support_watch_list_semantics", "prepare_watch_list_options_from_list_options"]


def prepare_watch_list_options_from_list_options(
    list_options: metav1.ListOptions,
) -> Tuple[metav1.ListOptions, bool]:
    """The options of a watch-list request streaming what a list with ``list_options`` returns, and whether there is
    one: ``(ListOptions(), False)`` when the WatchListClient feature is off or the list asks for what a watch-list
    cannot give (an exact resource version, a continue token, a limit with a resource version other than "0").
    Raises what parsing the label or field selector raises, as Go's conversion to internal options returns it."""
    if not features.feature_gates().enabled(features.WatchListClient):
        return metav1.ListOptions(), False
    labels.parse(list_options.labelSelector)
    fields.parse_selector(list_options.fieldSelector)
    if not _valid(list_options):
        return metav1.ListOptions(), False
    if list_options.limit > 0 and list_options.resourceVersion != "0":
        return metav1.ListOptions(), False
    if list_options.resourceVersionMatch == metav1.ResourceVersionMatchExact:
        return metav1.ListOptions(), False
    watch_list_options = metav1.ListOptions()
    watch_list_options.CopyFrom(list_options)
    watch_list_options.limit = 0
    watch_list_options.resourceVersionMatch = metav1.ResourceVersionMatchNotOlderThan
    watch_list_options.watch = True
    watch_list_options.allowWatchBookmarks = True
    watch_list_options.sendInitialEvents = True
    if not _valid(watch_list_options):
        return metav1.ListOptions(), False
    return watch_list_options, True


def _valid(options: metav1.ListOptions) -> bool:
    """Whether apimachinery's internalversion ValidateListOptions(options, isWatchListFeatureEnabled=true) finds
    nothing wrong (only whether, not what: the caller drops the errors)."""
    match = options.resourceVersionMatch
    has_continue = bool(getattr(options, "continue"))
    send_initial_events = options.HasField("sendInitialEvents")
    if options.watch:
        if send_initial_events and match != metav1.ResourceVersionMatchNotOlderThan:
            return False
        if match and (not send_initial_events or match != metav1.ResourceVersionMatchNotOlderThan or has_continue):
            return False
        return True
    if match:
        if not options.resourceVersion or has_continue:
            return False
        if match not in (metav1.ResourceVersionMatchExact, metav1.ResourceVersionMatchNotOlderThan):
            return False
        if match == metav1.ResourceVersionMatchExact and options.resourceVersion == "0":
            return False
    return not send_initial_events


def does_client_not_support_watch_list_semantics(client: Any) -> bool:
    """True when ``client`` has ``is_watch_list_semantics_un_supported()`` and it returns True (fake clients do:
    their watches never send the bookmark that ends the initial events, so a reflector must list instead)."""
    method = getattr(client, "is_watch_list_semantics_un_supported", None)
    if not callable(method):
        return False
    return bool(method())
