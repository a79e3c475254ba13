"""Port of k8s.io/client-go/util/consistencydetector: compare what a WatchList stream delivered with a LIST.

Off unless ``KUBE_WATCHLIST_INCONSISTENCY_DETECTOR`` is true when this module is imported (CI jobs turn it on).
After a reflector synced from a WatchList stream, ``check_data_consistency`` lists at exactly the synced
resourceVersion (retrying every second until the context ends) and compares the items, sorted by UID, with what
the store holds. A difference is a bug in the stream: it raises DataInconsistencyPanic, which, like Go's panic,
is not an Exception and ends the thread that runs the reflector.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Optional

from kubernetes_py.apimachinery.api import meta as _meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import wait
from kubernetes_py import context

__all__ = [
    "DataInconsistencyPanic",
    "ListFunc",
    "RetrieveItemsFunc",
    "TransformFunc",
    "check_data_consistency",
    "is_data_consistency_detection_for_watch_list_enabled",
    "set_data_consistency_detection_for_watch_list_enabled_for_test",
]

_log = logging.getLogger(__name__)

ListFunc = Callable[[Any, metav1.ListOptions], Any]
"""``list_fn(ctx, options)``: the LIST the check makes (returns a list object or raises)."""
TransformFunc = Callable[[Any], Any]
"""What the store applied to each listed item before keeping it."""
RetrieveItemsFunc = Callable[[], "list[Any]"]
"""The items the store holds."""


def _parse_bool(value: str) -> bool:
    return value in ("1", "t", "T", "TRUE", "true", "True")


_enabled = _parse_bool(os.environ.get("KUBE_WATCHLIST_INCONSISTENCY_DETECTOR", ""))


class DataInconsistencyPanic(BaseException):
    """The stream and the LIST disagree (Go panics)."""


def is_data_consistency_detection_for_watch_list_enabled() -> bool:
    return _enabled


def set_data_consistency_detection_for_watch_list_enabled_for_test(enabled: bool) -> Callable[[], None]:
    """Turns the check on or off; returns the function that restores the previous setting."""
    global _enabled
    original = _enabled
    _enabled = enabled

    def restore() -> None:
        global _enabled
        _enabled = original

    return restore


def _can_form_additional_list_call(last_synced_resource_version: str, options: metav1.ListOptions) -> bool:
    if getattr(options, "continue"):
        return False
    return last_synced_resource_version != "0"


def _prepare_list_call_options(
    last_synced_resource_version: str, options: metav1.ListOptions, retrieved_items_count: int
) -> metav1.ListOptions:
    out = metav1.ListOptions()
    out.CopyFrom(options)
    # The watch cache ignored the limit of a legacy list at "0": the stream may hold more than it.
    if out.resourceVersion == "0" and out.limit > 0 and retrieved_items_count > out.limit:
        out.limit = 0
    out.resourceVersion = last_synced_resource_version
    out.resourceVersionMatch = metav1.ResourceVersionMatchExact
    return out


def _sorted_by_uid(objects: list[Any]) -> list[Any]:
    return sorted((_meta.accessor(o) for o in objects), key=lambda m: m.get_uid())


def check_data_consistency(
    ctx: context.Context | None,
    identity: str,
    last_synced_resource_version: str,
    list_fn: ListFunc,
    list_item_transform_func: Optional[TransformFunc],
    list_options: metav1.ListOptions,
    retrieve_items_fn: RetrieveItemsFunc,
) -> None:
    """List at ``last_synced_resource_version`` and compare with ``retrieve_items_fn()`` (see the module
    docstring); ``list_item_transform_func`` is applied to the listed items first, as the store applied it."""
    logger = _log if not identity else _log.getChild(identity.replace(".", "_"))
    if not _can_form_additional_list_call(last_synced_resource_version, list_options):
        logger.debug(
            "Data consistency check is enabled but the parameters (RV, ListOptions) doesn't allow for "
            "creating a valid LIST request. Skipping the data consistency check."
        )
        return
    logger.info(
        '"Warning: data consistency check is enabled, this will result in an additional call to the API server."'
    )
    retrieved = _sorted_by_uid(retrieve_items_fn() or [])
    options = _prepare_list_call_options(last_synced_resource_version, list_options, len(retrieved))
    listed: list[Any] = [None]

    def attempt(_ctx: Any) -> bool:
        try:
            listed[0] = list_fn(ctx, options)
        except Exception as err:  # noqa: BLE001 - retried until the context ends
            logger.info('"Failed to list data from the server, retrying until context is canceled" err="%s"', err)
            return False
        return True

    try:
        wait.poll_until_context_cancel(ctx, 1.0, True, attempt)
    except Exception as err:  # noqa: BLE001 - the context ended
        logger.error(
            "\"Failed to list data from the server, the data consistency check won't be performed, stopCh "
            'was closed" err="%s"',
            err,
        )
        return
    items = _meta.extract_list_with_alloc(listed[0])
    if list_item_transform_func is not None:
        items = [list_item_transform_func(item) for item in items]
    if _sorted_by_uid(items) != retrieved:
        logger.info('"Previously received data is different than received by the standard list api call against etcd"')
        raise DataInconsistencyPanic(f"data inconsistency detected for {identity}, panicking!")
