"""Read the +genclient tags of the k8s.io/api Go sources, as client-gen does.

A type's tags are the ``// +...`` lines of the comment block right above ``type X struct`` and of the block
before it (separated by one blank line); a package's group comes from ``+groupName`` / ``+groupGoName`` in doc.go,
or from its directory when doc.go names none.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re

# Verbs a +genclient type gets unless its tags say otherwise (client-gen's SupportedVerbs).
ALL_VERBS = (
    "create",
    "update",
    "updateStatus",
    "delete",
    "deleteCollection",
    "get",
    "list",
    "watch",
    "patch",
    "apply",
    "applyStatus",
)
_STATUS_VERBS = ("updateStatus", "applyStatus")
READONLY_VERBS = ("get", "list", "watch")
_KNOWN_TAGS = {
    "genclient",
    "genclient:nonNamespaced",
    "genclient:noVerbs",
    "genclient:onlyVerbs",
    "genclient:skipVerbs",
    "genclient:noStatus",
    "genclient:readonly",
    "genclient:method",
}

_TYPE_LINE = re.compile(r"^type\s+([A-Z]\w*)\s+struct\s*\{")
_TAG_LINE = re.compile(r"^//\s*\+([\w:.-]+)(?:=(.*))?$")


class TagError(ValueError):
    """A +genclient tag that client-gen would reject."""


@dataclasses.dataclass(frozen=True)
class ExtendedMethod:
    """A +genclient:method=Name,verb=...,subresource=...,input=...,result=... tag."""

    name: str
    verb: str
    subresource: str
    input_type: str  # "" (the type itself), "Scale" (same package) or "k8s.io/api/autoscaling/v1.Scale"
    result_type: str


@dataclasses.dataclass(frozen=True)
class GenType:
    """One +genclient type of a package."""

    name: str
    namespaced: bool
    verbs: tuple[str, ...]
    has_status: bool
    methods: tuple[ExtendedMethod, ...]


@dataclasses.dataclass(frozen=True)
class GroupVersionTypes:
    """The +genclient types of one k8s.io/api/<dir>/<version> package."""

    package_dir: str  # "core", "apps", "apiserverinternal"
    version: str
    group: str  # the API group: "", "apps", "internal.apiserver.k8s.io"
    group_go_name: str  # "Core", "Apps", "Internal"
    types: tuple[GenType, ...]


def _comment_block_above(lines: list[str], end: int) -> tuple[list[str], int]:
    """The comment lines ending at line ``end`` (going up), and the index of the first of them."""
    block = []
    i = end
    while i >= 0 and lines[i].strip().startswith("//"):
        block.append(lines[i].strip())
        i -= 1
    return list(reversed(block)), i + 1


def _comment_tags(lines: list[str], type_index: int) -> dict[str, list[str]]:
    """The +tags of the comment block right above line ``type_index`` and of the block one blank line above
    that one (or above the type, when no block touches it), as gengo's CommentLines/SecondClosestCommentLines."""
    closest, start = _comment_block_above(lines, type_index - 1)
    second: list[str] = []
    if start - 2 >= 0 and lines[start - 1].strip() == "":
        second, _ = _comment_block_above(lines, start - 2)
    tags: dict[str, list[str]] = {}
    for line in second + closest:
        m = _TAG_LINE.match(line)
        if m:
            tags.setdefault(m.group(1), []).append(m.group(2) if m.group(2) is not None else "")
    return tags


def _struct_has_status(lines: list[str], type_index: int) -> bool:
    for line in lines[type_index + 1 :]:
        if line.startswith("}"):
            return False
        if re.match(r"^\tStatus\s", line):
            return True
    return False


def _parse_method(value: str, type_name: str) -> ExtendedMethod:
    name, _, rest = value.partition(",")
    if not name or not rest:
        raise TagError(f"{type_name}: +genclient:method={value} needs a method name and verb=")
    fields = {}
    for part in rest.split(","):
        key, sep, val = part.partition("=")
        if not sep:
            raise TagError(f"{type_name}: +genclient:method={value}: {part!r} is not key=value")
        fields[key.strip()] = val.strip()
    if not name or "verb" not in fields:
        raise TagError(f"{type_name}: +genclient:method={value} needs a method name and verb=")
    return ExtendedMethod(
        name=name,
        verb=fields["verb"],
        subresource=fields.get("subresource", ""),
        input_type=fields.get("input", ""),
        result_type=fields.get("result", ""),
    )


def _verbs(tags: dict[str, list[str]], has_status: bool, type_name: str) -> tuple[str, ...]:
    unknown_tags = sorted(t for t in tags if t.startswith("genclient:") and t not in _KNOWN_TAGS)
    if unknown_tags:
        raise TagError(f"{type_name}: unknown +genclient tags {unknown_tags}")
    if "genclient:noVerbs" in tags:
        return ()
    if "genclient:readonly" in tags:
        verbs = list(READONLY_VERBS)
    elif "genclient:onlyVerbs" in tags:
        verbs = [v.strip() for v in tags["genclient:onlyVerbs"][0].split(",") if v.strip()]
    else:
        skip = set()
        for value in tags.get("genclient:skipVerbs", []):
            skip.update(v.strip() for v in value.split(",") if v.strip())
        verbs = [v for v in ALL_VERBS if v not in skip]
    unknown = [v for v in verbs if v not in ALL_VERBS]
    if unknown:
        raise TagError(f"{type_name}: unknown verbs {unknown} in its +genclient tags")
    if not has_status or "genclient:noStatus" in tags:
        verbs = [v for v in verbs if v not in _STATUS_VERBS]
    return tuple(v for v in ALL_VERBS if v in verbs)


def parse_file(text: str) -> list[GenType]:
    """The +genclient types of one Go source file, in source order."""
    lines = text.splitlines()
    out = []
    for index, line in enumerate(lines):
        m = _TYPE_LINE.match(line)
        if not m:
            continue
        tags = _comment_tags(lines, index)
        if "genclient" not in tags:
            continue
        name = m.group(1)
        has_status = _struct_has_status(lines, index)
        methods = tuple(_parse_method(v, name) for v in tags.get("genclient:method", []))
        out.append(
            GenType(
                name=name,
                namespaced="genclient:nonNamespaced" not in tags,
                verbs=_verbs(tags, has_status, name),
                has_status=has_status,
                methods=methods,
            )
        )
    return out


def _package_group(package: pathlib.Path, package_dir: str) -> tuple[str, str]:
    group, go_name = None, None
    doc = package / "doc.go"
    if doc.is_file():
        for line in doc.read_text().splitlines():
            m = _TAG_LINE.match(line.strip())
            if m and m.group(1) == "groupName":
                group = (m.group(2) or "").strip()
            elif m and m.group(1) == "groupGoName":
                go_name = (m.group(2) or "").strip()
    if group is None:
        group = package_dir
    if go_name is None:
        first = group.split(".", 1)[0] or package_dir
        go_name = first[:1].upper() + first[1:]
    return group, go_name


def parse_api_module(api_dir: pathlib.Path) -> list[GroupVersionTypes]:
    """Every package of the k8s.io/api module with +genclient types, sorted by directory."""
    out = []
    for package in sorted(p for p in api_dir.glob("*/*") if p.is_dir()):
        types: list[GenType] = []
        for source in sorted(package.glob("*.go")):
            if source.name.endswith("_test.go") or source.name.startswith("zz_generated"):
                continue
            types.extend(parse_file(source.read_text()))
        if not types:
            continue
        package_dir, version = package.parent.name, package.name
        group, go_name = _package_group(package, package_dir)
        out.append(
            GroupVersionTypes(
                package_dir=package_dir,
                version=version,
                group=group,
                group_go_name=go_name,
                types=tuple(sorted(types, key=lambda t: t.name)),
            )
        )
    return out
