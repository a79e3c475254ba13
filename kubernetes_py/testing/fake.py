"""Fake: records actions and answers them through reactor chains (client-go testing/fake.go).

A reaction function takes the action and returns ``(handled, ret)``; to fail the call it raises (Go returns
an error), or, for line-by-line ports, returns ``(handled, ret, err)`` with ``err`` an exception or None. A
reaction that raises counts as handling the action. Watch reactions return ``(handled, watch)`` and proxy
reactions ``(handled, response_wrapper)`` the same way.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional, Protocol

from .actions import Action

__all__ = [
    "Fake",
    "Reactor",
    "WatchReactor",
    "ProxyReactor",
    "ReactionFunc",
    "WatchReactionFunc",
    "ProxyReactionFunc",
    "SimpleReactor",
    "SimpleWatchReactor",
    "SimpleProxyReactor",
    "resource_covers",
    "UnhandledWatchError",
]

ReactionFunc = Callable[[Action], tuple[Any, ...]]
WatchReactionFunc = Callable[[Action], tuple[Any, ...]]
ProxyReactionFunc = Callable[[Action], tuple[Any, ...]]


class UnhandledWatchError(RuntimeError):
    """No watch reactor handled a watch action."""


def _outcome(result: Any) -> tuple[bool, Any, Optional[BaseException]]:
    """(handled, ret, err) of what a reaction returned."""
    if not isinstance(result, tuple) or len(result) not in (2, 3):
        raise TypeError(f"a reaction must return (handled, ret) or (handled, ret, err), not {result!r}")
    if len(result) == 2:
        return bool(result[0]), result[1], None
    err = result[2]
    if err is not None and not isinstance(err, BaseException):
        raise TypeError(f"a reaction's error must be an exception or None, not {err!r}")
    return bool(result[0]), result[1], err


def _react(reactor: Reactor, action: Action) -> tuple[bool, Any, Optional[BaseException]]:
    try:
        return _outcome(reactor.react(action))
    except Exception as err:  # a reaction raising is Go's "handled, nil, err"  # noqa: BLE001
        return True, None, err


def resource_covers(resource: str, action: Action) -> bool:
    """Whether a reactor's resource ("*", "pods" or "pods/status") covers the action."""
    if resource == "*":
        return True
    if resource == action.get_resource().resource:
        return True
    index = resource.find("/")
    return (
        index != -1
        and resource[:index] == action.get_resource().resource
        and resource[index + 1 :] == action.get_subresource()
    )


class Reactor(Protocol):
    """Go's Reactor interface: handles(action) and react(action)."""

    def handles(self, action: Action) -> bool: ...
    def react(self, action: Action) -> tuple[Any, ...]: ...


WatchReactor = Reactor
ProxyReactor = Reactor


class SimpleReactor(Reactor):
    """A reaction for one verb and resource ("*" matches any)."""

    def __init__(self, verb: str, resource: str, reaction: ReactionFunc):
        self.verb, self.resource, self.reaction = verb, resource, reaction

    def handles(self, action: Action) -> bool:
        if not (self.verb == "*" or self.verb == action.get_verb()):
            return False
        return resource_covers(self.resource, action)

    def react(self, action: Action) -> tuple[Any, ...]:
        return self.reaction(action)


class SimpleWatchReactor(Reactor):
    """A watch reaction for one resource ("*" matches any)."""

    def __init__(self, resource: str, reaction: WatchReactionFunc):
        self.resource, self.reaction = resource, reaction

    def handles(self, action: Action) -> bool:
        return resource_covers(self.resource, action)

    def react(self, action: Action) -> tuple[Any, ...]:
        return self.reaction(action)


SimpleProxyReactor = SimpleWatchReactor


class Fake:
    """Records every action and answers it with the first reactor of the matching chain that handles it."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._actions: list[Action] = []
        self.reaction_chain: list[Reactor] = []
        self.watch_reaction_chain: list[Reactor] = []
        self.proxy_reaction_chain: list[Reactor] = []
        self.resources: list[Any] = []

    def add_reactor(self, verb: str, resource: str, reaction: ReactionFunc) -> None:
        """Append a reactor to the end of the chain."""
        self.reaction_chain = [*self.reaction_chain, SimpleReactor(verb, resource, reaction)]

    def prepend_reactor(self, verb: str, resource: str, reaction: ReactionFunc) -> None:
        """Put a reactor at the front of the chain (it is tried first)."""
        self.reaction_chain = [SimpleReactor(verb, resource, reaction), *self.reaction_chain]

    def add_watch_reactor(self, resource: str, reaction: WatchReactionFunc) -> None:
        with self._lock:
            self.watch_reaction_chain = [*self.watch_reaction_chain, SimpleWatchReactor(resource, reaction)]

    def prepend_watch_reactor(self, resource: str, reaction: WatchReactionFunc) -> None:
        with self._lock:
            self.watch_reaction_chain = [SimpleWatchReactor(resource, reaction), *self.watch_reaction_chain]

    def add_proxy_reactor(self, resource: str, reaction: ProxyReactionFunc) -> None:
        self.proxy_reaction_chain = [*self.proxy_reaction_chain, SimpleProxyReactor(resource, reaction)]

    def prepend_proxy_reactor(self, resource: str, reaction: ProxyReactionFunc) -> None:
        self.proxy_reaction_chain = [SimpleProxyReactor(resource, reaction), *self.proxy_reaction_chain]

    def _record_and_react(self, chain: list[Reactor], action: Action, skip_failed: bool = False) -> tuple[bool, Any]:
        """Record a copy of the action and offer another copy to the chain's reactors in turn: (True, answer) of the
        first that handles it, raising its error (or, with ``skip_failed``, passing over the ones that fail);
        (False, None) when none does. The caller holds the lock."""
        action_copy = action.deep_copy()
        self._actions.append(action.deep_copy())
        for reactor in chain:
            if not reactor.handles(action_copy):
                continue
            handled, ret, err = _react(reactor, action_copy)
            if not handled:
                continue
            if err is not None:
                if skip_failed:
                    continue
                raise err
            return True, ret
        return False, None

    def invokes(self, action: Action, default_return_obj: Any) -> Any:
        """Record the action and return what the first handling reactor returns (raising its error);
        ``default_return_obj`` when none handles it."""
        with self._lock:
            handled, ret = self._record_and_react(self.reaction_chain, action)
            return ret if handled else default_return_obj

    def invokes_watch(self, action: Action) -> Any:
        """Record the watch action and return the watch.Interface of the first handling watch reactor."""
        with self._lock:
            handled, ret = self._record_and_react(self.watch_reaction_chain, action)
            if handled:
                return ret
            raise UnhandledWatchError(f"unhandled watch: {action!r}")

    def invokes_proxy(self, action: Action) -> Any:
        """Record the proxy action and return the first handling proxy reactor's answer (None if none);
        reactors that fail are skipped."""
        with self._lock:
            _, ret = self._record_and_react(self.proxy_reaction_chain, action, skip_failed=True)
            return ret

    def clear_actions(self) -> None:
        with self._lock:
            self._actions = []

    def actions(self) -> list[Action]:
        """The recorded actions, oldest first (a copy of the list)."""
        with self._lock:
            return list(self._actions)
