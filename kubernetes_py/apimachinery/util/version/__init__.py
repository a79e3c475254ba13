"""Port of k8s.io/apimachinery/pkg/util/version: generic ("1.30", "v1.2.3-alpha") and semantic version numbers.

``must_parse("1.36")`` is Go's ``version.MustParse``; ``==`` is Go's reflect.DeepEqual of two versions (same
components, same kind, same pre-release and build metadata) and ``equal_to``/``less_than``/... compare as Go does.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

__all__ = [
    "Version",
    "major_minor",
    "must_parse",
    "must_parse_generic",
    "must_parse_major_minor",
    "must_parse_semantic",
    "parse",
    "parse_generic",
    "parse_major_minor",
    "parse_semantic",
]

_VERSION_MATCH_RE = re.compile(r"^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$", re.S)
_EXTRA_MATCH_RE = re.compile(
    r"^(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?\s*$"
)
_UINT_MAX = (1 << 64) - 1


def _parse_uint(s: str) -> Optional[int]:
    """strconv.ParseUint(s, 10, 0), None on error."""
    if not s or not s.isascii() or not s.isdigit():
        return None
    n = int(s)
    return n if n <= _UINT_MAX else None


def _go_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Version:
    """A parsed version number (immutable)."""

    __slots__ = ("_build_metadata", "_components", "_pre_release", "_semver")

    def __init__(
        self, components: List[int], semver: bool = False, pre_release: str = "", build_metadata: str = ""
    ) -> None:
        self._components = list(components)
        self._semver = semver
        self._pre_release = pre_release
        self._build_metadata = build_metadata

    def major(self) -> int:
        return self._components[0]

    def minor(self) -> int:
        return self._components[1]

    def patch(self) -> int:
        """The patch number, 0 when there is none."""
        return self._components[2] if len(self._components) >= 3 else 0

    def build_metadata(self) -> str:
        return self._build_metadata

    def pre_release(self) -> str:
        return self._pre_release

    def components(self) -> List[int]:
        return list(self._components)

    def _with(self, components: List[int], pre_release: Optional[str] = None, build: Optional[str] = None) -> Version:
        return Version(
            components,
            self._semver,
            self._pre_release if pre_release is None else pre_release,
            self._build_metadata if build is None else build,
        )

    def with_major(self, major: int) -> Version:
        return self._with([major, self.minor(), self.patch()])

    def with_minor(self, minor: int) -> Version:
        return self._with([self.major(), minor, self.patch()])

    def with_patch(self, patch: int) -> Version:
        return self._with([self.major(), self.minor(), patch])

    def with_pre_release(self, pre_release: str) -> Version:
        if not pre_release:
            return self
        return self._with([self.major(), self.minor(), self.patch()], pre_release=pre_release)

    def with_build_metadata(self, build_metadata: str) -> Version:
        return self._with([self.major(), self.minor(), self.patch()], build=build_metadata)

    def offset_minor(self, offset: int) -> Version:
        """Same major, minor moved by offset (not below 0), no patch."""
        return major_minor(self.major(), max(self.minor() + offset, 0))

    def subtract_minor(self, diff: int) -> Version:
        return self.offset_minor(-diff)

    def add_minor(self, diff: int) -> Version:
        return self.offset_minor(diff)

    def __str__(self) -> str:
        out = ".".join(str(c) for c in self._components)
        if self._pre_release:
            out += "-" + self._pre_release
        if self._build_metadata:
            out += "+" + self._build_metadata
        return out

    def __repr__(self) -> str:
        return f"Version({str(self)!r})"

    def _key(self) -> Tuple[Tuple[int, ...], bool, str, str]:
        return (tuple(self._components), self._semver, self._pre_release, self._build_metadata)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _compare(self, other: Version) -> int:
        v, o = self._components, other._components
        for a, b in zip(v, o):
            if a != b:
                return 1 if a > b else -1
        if len(o) < len(v) and any(v[len(o) :]):
            return 1
        if len(o) > len(v) and any(o[len(v) :]):
            return -1
        if not self._semver or not other._semver:
            return 0
        vp, op = self._pre_release, other._pre_release
        if vp == op:
            return 0
        if not vp:
            return 1
        if not op:
            return -1
        vparts, oparts = vp.split("."), op.split(".")
        for vs, os_ in zip(vparts, oparts):
            an, bn = _parse_uint(vs), _parse_uint(os_)
            if an is not None and bn is not None:
                if an != bn:
                    return 1 if an > bn else -1
                continue
            a_bytes, b_bytes = vs.encode(), os_.encode()
            if a_bytes != b_bytes:
                return 1 if a_bytes > b_bytes else -1
        if len(oparts) != len(vparts):
            return 1 if len(oparts) < len(vparts) else -1
        return 0

    def equal_to(self, other: Optional[Version]) -> bool:
        return other is not None and self._compare(other) == 0

    def at_least(self, min: Version) -> bool:
        return self._compare(min) != -1

    def less_than(self, other: Version) -> bool:
        return self._compare(other) == -1

    def greater_than(self, other: Version) -> bool:
        return self._compare(other) == 1

    def compare(self, other: str) -> int:
        """-1, 0 or 1 against a version string parsed the way this one was; raises ValueError when it does not parse."""
        return self._compare(_parse(other, self._semver))


def _parse(s: str, semver: bool) -> Version:
    m = _VERSION_MATCH_RE.match(s)
    if m is None:
        raise ValueError(f"could not parse {_go_quote(s)} as version")
    numbers, extra = m.group(1), m.group(2)
    parts = numbers.split(".")
    if (semver and len(parts) != 3) or (not semver and len(parts) < 2):
        raise ValueError(f"illegal version string {_go_quote(s)}")
    components = []
    for i, comp in enumerate(parts):
        if (i == 0 or semver) and comp.startswith("0") and comp != "0":
            raise ValueError(f"illegal zero-prefixed version component {_go_quote(comp)} in {_go_quote(s)}")
        num = _parse_uint(comp)
        if num is None:
            raise ValueError(
                f"illegal non-numeric version component {_go_quote(comp)} in {_go_quote(s)}: "
                f"strconv.ParseUint: parsing {_go_quote(comp)}: value out of range"
            )
        components.append(num)
    pre_release = build = ""
    if semver and extra:
        em = _EXTRA_MATCH_RE.match(extra)
        if em is None:
            raise ValueError(f"could not parse pre-release/metadata ({extra}) in version {_go_quote(s)}")
        pre_release, build = em.group(1) or "", em.group(2) or ""
        for comp in pre_release.split("."):
            if _parse_uint(comp) is not None and comp.startswith("0") and comp != "0":
                raise ValueError(f"illegal zero-prefixed version component {_go_quote(comp)} in {_go_quote(s)}")
    return Version(components, semver, pre_release, build)


def parse_generic(s: str) -> Version:
    """Two or more dot-separated numbers (an optional leading "v"), anything after them ignored."""
    return _parse(s, False)


def parse_semantic(s: str) -> Version:
    """A Semantic Versioning 2.0 version (an optional leading "v")."""
    return _parse(s, True)


def parse(s: str) -> Version:
    """Semantic when it can be, generic otherwise."""
    try:
        return _parse(s, True)
    except ValueError:
        return _parse(s, False)


def parse_major_minor(s: str) -> Version:
    v = parse_generic(s)
    return major_minor(v.major(), v.minor())


def major_minor(major: int, minor: int) -> Version:
    return Version([major, minor])


must_parse = parse
must_parse_generic = parse_generic
must_parse_semantic = parse_semantic
must_parse_major_minor = parse_major_minor
