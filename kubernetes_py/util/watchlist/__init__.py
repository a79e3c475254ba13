"""Part of k8s.io/client-go/util/watchlist: whether a client says it cannot serve WatchList requests."""

from __future__ import annotations

from typing import Any


def does_client_not_support_watch_list_semantics(client: Any) -> bool:
    """True when ``client`` has ``is_watch_list_semantics_un_supported()`` and it returns True (fake clients do:
    their watches never send the bookmark that ends the initial events, so a reflector must list instead)."""
    method = getattr(client, "is_watch_list_semantics_un_supported", None)
    if not callable(method):
        return False
    return bool(method())


__all__ = ["does_client_not_support_watch_list_semantics"]
