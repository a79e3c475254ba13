"""client-go's reflective struct merge (tools/clientcmd/merge.go), over dataclasses.

``merge(dst, src)`` copies every non-zero field of ``src`` onto ``dst``:

- a field holding a struct by value (a dataclass field whose default factory is a
  dataclass, e.g. ``rest.Config.tls_client_config`` or ``api.Config.preferences``) is
  merged field by field;
- a map that is not None (even an empty one) has its keys copied into ``dst``'s map;
- a list or bytes value replaces ``dst``'s only when it is not empty;
- anything else (strings, numbers, booleans, nested struct references, callables)
  replaces ``dst``'s value unless it is the zero value (``""``, ``0``, ``False``, ``None``).

Like Go, a false boolean or an empty string in ``src`` never clears ``dst``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["merge"]


def _is_value_struct(f: dataclasses.Field[Any]) -> bool:
    factory = f.default_factory
    return factory is not dataclasses.MISSING and dataclasses.is_dataclass(factory)


def _is_zero(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (bool, int, float, str, bytes)):
        return not value
    return False


def merge(dst: Any, src: Any) -> None:
    """Merge ``src`` into ``dst`` in place. Raises ValueError/TypeError like client-go's errors."""
    if dst is None:
        raise ValueError("cannot merge into nil pointer")
    if src is None:
        return
    _merge_struct([], dst, src)


def _merge_struct(path: list[str], dst: Any, src: Any) -> None:
    if type(dst) is not type(src):
        raise TypeError(
            f"cannot merge mismatched types ({type(dst).__name__}, {type(src).__name__}) at {'.'.join(path)}"
        )
    for f in dataclasses.fields(dst):
        s = getattr(src, f.name)
        if _is_value_struct(f):
            _merge_struct(path + [f.name], getattr(dst, f.name), s)
        elif isinstance(s, dict):
            d = getattr(dst, f.name)
            if d is None:
                d = {}
                setattr(dst, f.name, d)
            d.update(s)
        elif isinstance(s, (list, bytes, bytearray)):
            if len(s) > 0:
                setattr(dst, f.name, s)
        elif not _is_zero(s):
            setattr(dst, f.name, s)
