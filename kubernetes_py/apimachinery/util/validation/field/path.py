"""Path: the location of a field inside an object (``spec.containers[0].image``, ``metadata.labels[app]``)."""

from __future__ import annotations

from typing import Any, Callable, Optional


class Path:
    """One element of a field path; the chain of parents gives the full path. Immutable once built."""

    __slots__ = ("_name", "_index", "_parent")

    def __init__(self, name: str = "", index: str = "", parent: Optional["Path"] = None):
        self._name = name
        self._index = index
        self._parent = parent

    def root(self) -> "Path":
        p = self
        while p._parent is not None:
            p = p._parent
        return p

    def child(self, name: str, *more_names: str) -> "Path":
        p: Path = self
        for n in (name, *more_names):
            p = Path(name=n, parent=p)
        return p

    def index(self, index: int) -> "Path":
        return Path(index=str(int(index)), parent=self)

    def key(self, key: str) -> "Path":
        return Path(index=key, parent=self)

    def __str__(self) -> str:
        elems = []
        p: Optional[Path] = self
        while p is not None:
            elems.append(p)
            p = p._parent
        out = []
        for p in reversed(elems):
            if p._parent is not None and p._name:
                out.append(".")
            if p._name:
                out.append(p._name)
            else:
                out.append(f"[{p._index}]")
        return "".join(out)

    def __repr__(self) -> str:
        return f"Path({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Path):
            return NotImplemented
        return (self._name, self._index, self._parent) == (other._name, other._index, other._parent)

    def __hash__(self) -> int:
        return hash((self._name, self._index, self._parent))


def new_path(name: str, *more_names: str) -> Path:
    """A root path ``name`` followed by ``more_names`` (``new_path("spec", "replicas")``)."""
    p = Path(name=name)
    for n in more_names:
        p = Path(name=n, parent=p)
    return p


def path_string(p: Optional[Path]) -> str:
    """Go prints a nil ``*Path`` as ``<nil>``; Python's None gets the same text."""
    return "<nil>" if p is None else str(p)


def child_of(p: Optional[Path], name: str, *more_names: str) -> Path:
    """``p.Child(...)`` where ``p`` may be None (Go allows calling it on a nil path: the child becomes the root)."""
    if p is None:
        return new_path(name, *more_names)
    return p.child(name, *more_names)


PathOption = Callable[[dict[str, Any]], None]


def with_path(p: Optional[Path]) -> PathOption:
    """An option giving the path that validation errors are reported under."""

    def apply(opts: dict[str, Any]) -> None:
        opts["path"] = p

    return apply


def to_path(*opts: PathOption) -> Optional[Path]:
    holder: dict[str, Any] = {"path": None}
    for opt in opts:
        opt(holder)
    path: Optional[Path] = holder["path"]
    return path
