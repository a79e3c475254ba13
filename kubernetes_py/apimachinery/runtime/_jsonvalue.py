"""runtime.DeepCopyJSON / DeepCopyJSONValue: copies of JSON-shaped values (dicts, lists, str, int, float, bool,
None)."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

_T = TypeVar("_T")


def deep_copy_json_value(x: _T) -> _T:
    """A deep copy of a JSON-shaped value; anything else raises TypeError (a panic in Go).

    Values nested deeper than Python recurses (Go's JSON decoder reads 10,000 levels) are copied by a loop."""
    try:
        copied: _T = _copy(x)
    except RecursionError:
        copied = _copy_deep(x)
    return copied


def _copy(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _copy(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_copy(v) for v in x]
    if x is None or isinstance(x, (str, int, float)):
        return x
    raise TypeError(f"cannot deep copy {type(x).__name__}")


def copy_leaves(x: Any, leaf: Callable[[Any], Any]) -> Any:
    """A copy of the dicts and lists of ``x`` with ``leaf(v)`` for every other value ``v``, made by a loop, so that
    no nesting depth is too deep; a value reached twice (a shared list) is copied at each place."""
    holder: list[Any] = [None]
    work = [(x, holder, 0)]  # (value, container to put its copy in, key or index there)
    while work:
        value, into, key = work.pop()
        if isinstance(value, dict):
            out: Any = dict.fromkeys(value)
            work.extend((v, out, k) for k, v in value.items())
        elif isinstance(value, list):
            out = [None] * len(value)
            work.extend((v, out, i) for i, v in enumerate(value))
        else:
            out = leaf(value)
        into[key] = out
    return holder[0]


def _json_scalar(x: Any) -> Any:
    if x is None or isinstance(x, (str, int, float)):
        return x
    raise TypeError(f"cannot deep copy {type(x).__name__}")


def _copy_deep(x: Any) -> Any:
    return copy_leaves(x, _json_scalar)


def deep_copy_json(x: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of a JSON object (map[string]interface{})."""
    return deep_copy_json_value(x)
