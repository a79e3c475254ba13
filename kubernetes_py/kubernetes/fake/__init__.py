"""k8s.io/client-go/kubernetes/fake: a Clientset for unit tests, answering from an in-memory ObjectTracker.

``new_simple_clientset(*objects)`` is a drop-in for ``kubernetes.Clientset`` in controller tests: the same
group accessors (``cs.core_v1().pods("ns").list(ctx, opts)``), every call recorded as a testing action
(``cs.actions()``), reactors to inject answers or errors (``cs.prepend_reactor("create", "pods", fn)``) and
watches fed by the tracker. It behaves like client-go's fake, not like a server: see kubernetes_py.testing's
fixture module for the differences (no resourceVersion checks, no generateName, no defaulting...).

``new_clientset(*objects)`` is the same with client-go's field-managed tracker: writes record managedFields and
``apply``/``apply_status`` are server-side apply, with conflicts (``errors.is_conflict``), ``force`` and the
pruning of fields a manager stops applying, as an API server does them (subresources aside: a status apply is
managed as an apply of the whole object, as in client-go).
"""

from __future__ import annotations

import inspect
import typing
from typing import TYPE_CHECKING, Any, Callable, Optional

from kubernetes_py import kubernetes as _clientset
from kubernetes_py import testing
from kubernetes_py.discovery.fake import FakeDiscovery

from ._typed import fake_group_class

__all__ = ["Clientset", "new_simple_clientset", "new_clientset"]


def _group_accessor(name: str, group_client: type) -> Callable[[testing.Fake], object]:
    def accessor(self: testing.Fake) -> object:
        return fake_group_class(group_client)(self)

    accessor.__name__ = name
    accessor.__doc__ = f"The fake {group_client.__name__}: its clients record on this clientset."
    return accessor


class _ClientsetBase(testing.Fake):
    """A testing.Fake with a tracker, and every group accessor of kubernetes.Clientset."""

    def __init__(self, tracker: Optional[testing.ObjectTracker] = None) -> None:
        """Without a tracker (Go's zero ``&fake.Clientset{}``) only the reactors a test adds answer."""
        super().__init__()
        self._tracker = tracker
        self._discovery = FakeDiscovery(fake=self)

    @property
    def fake(self) -> "_ClientsetBase":
        """The testing.Fake the fake group clients record on (the clientset itself, as Go embeds it)."""
        return self

    def tracker(self) -> testing.ObjectTracker:
        if self._tracker is None:  # Go returns nil, and its use panics
            raise ValueError("the fake clientset was made without an object tracker")
        return self._tracker

    def discovery(self) -> FakeDiscovery:
        """A discovery.fake.FakeDiscovery recording on this clientset, as client-go's fake Clientset has."""
        return self._discovery

    def is_watch_list_semantics_un_supported(self) -> bool:
        """Reflectors must list and watch: the fake cannot serve WatchList requests."""
        return True


def _group_accessors() -> dict[str, Callable[[testing.Fake], object]]:
    """The clientset's group accessors (core_v1()...): those returning a generated group client, whose class
    lives in the typed packages (discovery() returns a discovery.DiscoveryInterface, the fake's own)."""
    typed_package = _clientset.__name__ + ".typed."
    out = {}
    for name, value in vars(_clientset.Clientset).items():
        if name.startswith("_") or not inspect.isfunction(value):
            continue
        group_client = typing.get_type_hints(value).get("return")
        if isinstance(group_client, type) and group_client.__module__.startswith(typed_package):
            out[name] = _group_accessor(name, group_client)
    return out


if TYPE_CHECKING:
    # For checkers the fake is a kubernetes.Interface, as Go's fake.Clientset implements it: its group accessors
    # return the real group clients' types (the fakes have the same methods).
    class _Interface(_ClientsetBase, _clientset.Clientset):
        pass

else:
    _Interface = _ClientsetBase


class Clientset(_Interface):
    """A fake clientset (Go's fake.Clientset): testing.Fake plus every group accessor."""


for _name, _accessor in _group_accessors().items():
    setattr(Clientset, _name, _accessor)


def new_simple_clientset(*objects: Any) -> Clientset:
    """A fake clientset holding ``objects``, backed by client-go's simple object tracker (no field
    management, validation or defaults; apply is a strategic merge patch onto an existing object)."""
    from kubernetes_py.kubernetes import scheme

    return _clientset_with(testing.new_object_tracker(scheme.Scheme, scheme.Codecs.universal_decoder()), objects)


def new_clientset(*objects: Any) -> Clientset:
    """A fake clientset holding ``objects``, backed by client-go's field-managed tracker: creates, updates
    and patches record managed fields and ``apply``/``apply_status`` are server-side apply with conflicts
    and force, as on a server (no validation or defaults; custom resources are not supported, as in
    client-go)."""
    from kubernetes_py import applyconfigurations
    from kubernetes_py.kubernetes import scheme

    tracker = testing.new_field_managed_object_tracker(
        scheme.Scheme, scheme.Codecs.universal_decoder(), applyconfigurations.new_type_converter(scheme.Scheme)
    )
    return _clientset_with(tracker, objects)


def _clientset_with(tracker: testing.ObjectTracker, objects: tuple[Any, ...]) -> Clientset:
    for obj in objects:
        tracker.add(obj)
    cs = Clientset(tracker)
    cs.add_reactor("*", "*", testing.object_reaction(tracker))

    def watch_reaction(action: testing.Action) -> tuple[Any, ...]:
        from kubernetes_py.apimachinery.apis.meta import v1 as metav1

        opts = action.list_options if isinstance(action, testing.WatchActionImpl) else metav1.ListOptions()
        try:
            return True, tracker.watch(action.get_resource(), action.get_namespace(), opts)
        except Exception as err:  # noqa: BLE001 - client-go leaves the action unhandled ("unhandled watch")
            return False, None, err

    cs.add_watch_reactor("*", watch_reaction)
    return cs
