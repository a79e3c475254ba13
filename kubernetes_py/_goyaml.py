"""YAML <-> JSON values with the semantics of sigs.k8s.io/yaml over go-yaml v2.

Kubeconfig files (clientcmd) go through ``yaml.YAMLToJSON`` when read and ``yaml.JSONToYAML`` when
written, and mergepatch prints values with JSONToYAML. That pipeline differs from PyYAML's defaults in ways a user can
see:

- scalars resolve as go-yaml v2 does: ``y``/``n``/``on``/``off`` are booleans, timestamps
  and base-60 numbers stay strings, ``1_000`` is an int;
- non-string mapping keys become strings (``n: 1`` gives the key ``"false"``);
- written mappings are sorted with go-yaml's key order, strings that would read back
  as something else are double-quoted, multi-line strings use the literal style.

Errors carry go-yaml's text ("yaml: line N: ...") since the libyaml messages are the same.

Before any value is built, the composed document is walked in the order go-yaml's decoder walks it, with
its alias budget: a document whose alias expansions outweigh it ("document contains excessive aliasing",
go-yaml's allowedAliasRatio over its decode count) or an anchor inside its own value ("anchor 'a' value
contains itself") is refused, so an alias bomb costs at most go-yaml's ~400,000 expansions. The same walk
gives tagged nodes go-yaml's meaning: a collection's tag is ignored, a scalar with a tag go-yaml does not
know is its text, ``!!bool``/``!!int``/``!!float``/``!!null``/``!!timestamp`` must resolve to that type
("cannot decode !!str `maybe` as a !!bool"), ``!!binary`` must be valid base64.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import functools
import io
import struct
from typing import IO, TYPE_CHECKING, Any, Hashable, Iterable, Optional

import yaml

from kubernetes_py._go.fmt import go_sprint
from kubernetes_py._go.strconv import go_format_float, go_quote, go_string
from kubernetes_py.apimachinery.runtime._jsonvalue import copy_leaves

__all__ = ["YAMLError", "yaml_to_json", "json_to_yaml", "go_key_less"]

# libyaml's parser and emitter: the same scanner, parser and emitter (and messages) go-yaml was ported from. A
# PyYAML built without libyaml has the same in Python (not checked: checkers take libyaml's).
if TYPE_CHECKING or yaml.__with_libyaml__:
    from yaml._yaml import CEmitter as _Emitter
    from yaml._yaml import CParser as _Parser
else:  # pragma: no cover - PyYAML built without libyaml
    _Emitter = None

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


class YAMLError(ValueError):
    """A document that is not valid YAML, or has no JSON equivalent."""


_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BINARY = "tag:yaml.org,2002:binary"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_MAP_VALUES: dict[str, tuple[str, Any]] = {}
for _words, _tag, _value in (
    ("y Y yes Yes YES true True TRUE on On ON", _BOOL, True),
    ("n N no No NO false False FALSE off Off OFF", _BOOL, False),
    ("~ null Null NULL", _NULL, None),
    (".nan .NaN .NAN", _FLOAT, math.nan),
    (".inf .Inf .INF +.inf +.Inf +.INF", _FLOAT, math.inf),
    ("-.inf -.Inf -.INF", _FLOAT, -math.inf),
    ("<<", _MERGE, "<<"),
):
    for _w in _words.split():
        _MAP_VALUES[_w] = (_tag, _value)
_MAP_VALUES[""] = (_NULL, None)

_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_BASE60_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_GO_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$")
_TIMESTAMP_RE = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2}"
    r"(?:(?:[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,9})?(?:Z|[-+]\d{2}:\d{2}))"
    r"|(?: \d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,9})?))?$"
)


def _go_parse_int(text: str) -> Optional[int]:
    """strconv.ParseInt(text, 0, 64) then ParseUint; None when it is not an integer."""
    if not _GO_INT.match(text):
        return None
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    low = body.lower()
    if low.startswith("0x"):
        value = int(body[2:], 16)
    elif low.startswith("0b"):
        value = int(body[2:], 2)
    elif low.startswith("0o"):
        value = int(body[2:], 8)
    elif len(body) > 1 and body.startswith("0"):
        value = int(body[1:], 8)
    else:
        value = int(body)
    value *= sign
    if -(1 << 63) <= value < (1 << 64):
        return value
    return None


def _resolve(text: str) -> tuple[str, Any]:
    """go-yaml v2's resolve("", text) for a plain scalar: its tag and value."""
    if text in _MAP_VALUES:
        return _MAP_VALUES[text]
    first = text[:1]
    if first == ".":
        try:
            return _FLOAT, float(text)
        except ValueError:
            return _STR, text
    if first.isdigit() and first.isascii() or first in "+-":
        if _TIMESTAMP_RE.match(text):
            return _TIMESTAMP, text
        plain = text.replace("_", "")
        value = _go_parse_int(plain)
        if value is not None:
            return _INT, value
        if _YAML_FLOAT.match(plain):
            return _FLOAT, float(plain)
        if plain.startswith("-0b"):
            try:
                return _INT, -int(plain[3:], 2)
            except ValueError:
                pass
    return _STR, text


class _Resolver(yaml.resolver.BaseResolver):
    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _resolve(value)[0]
            return _STR if tag == _TIMESTAMP else tag
        resolved: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]  # untyped in typeshed
        return resolved


class _Constructor(yaml.constructor.SafeConstructor):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        # Keys become JSON strings as they are read, so that 1, "1" and true stay distinct until then
        # (Python would merge 1 and True into one key).
        mapping: dict[Hashable, Any] = {}
        for key_node, value_node in _go_pairs(node):
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise YAMLError(f"yaml: invalid map key: {_go_sharp_v(key)}")
            value = self.construct_object(value_node, deep=deep)
            if key is None:
                raise YAMLError(
                    "unsupported map key of type: %!s(<nil>), key: <nil>, value: " + _go_sharp_v(value, top=True)
                )
            mapping[_json_key(key)] = value
        return mapping


_Pair = tuple[yaml.Node, yaml.Node]


def _go_pairs(node: yaml.MappingNode) -> list[_Pair]:
    """The key/value nodes go-yaml sets, in its order: a merge (``<<``) sets the merged mapping's pairs where it
    stands (a sequence of mappings from its last one), so later keys win, merged or not. The walk before
    construction has checked what merges hold."""
    pairs: list[_Pair] = []
    work: list[yaml.MappingNode | _Pair] = [node]
    while work:
        item = work.pop()
        if isinstance(item, tuple):
            pairs.append(item)
            continue
        expanded: list[yaml.MappingNode | _Pair] = []
        for key, value in item.value:
            if isinstance(key, yaml.ScalarNode) and key.tag == _MERGE:
                expanded.extend(reversed(value.value) if isinstance(value, yaml.SequenceNode) else (value,))
            else:
                expanded.append((key, value))
        work.extend(reversed(expanded))
    return pairs


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _construct_resolved(loader: _Constructor, node: yaml.ScalarNode) -> Any:
    """A scalar tagged (or resolved) !!bool, !!int, !!float, !!null or !!timestamp, as go-yaml's resolve()."""
    tag, value = _resolve(node.value)
    if tag == _TIMESTAMP and node.tag != _TIMESTAMP:  # go-yaml reads a timestamp only untagged or so tagged
        tag, value = _STR, node.value
    if tag == node.tag:
        return node.value if tag == _TIMESTAMP else value  # timestamps stay strings in interface{}
    if node.tag == _FLOAT and tag == _INT and -(1 << 63) <= value < (1 << 63):
        return float(value)
    raise YAMLError(f"yaml: cannot decode {_short_tag(tag)} `{node.value}` as a {_short_tag(node.tag)}")


def _construct_binary(loader: _Constructor, node: yaml.ScalarNode) -> bytes:
    """!!binary as go-yaml reads it: standard base64 (line breaks ignored), the bytes as a Go string."""
    text = node.value.replace("\n", "").replace("\r", "")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise YAMLError("yaml: !!binary value contains invalid base64 data") from None


# typeshed bounds a constructor's loader to PyYAML's own loader classes; ours is built from their parts.
for _tag in (_BOOL, _NULL, _INT, _FLOAT, _TIMESTAMP):
    _Constructor.add_constructor(_tag, _construct_resolved)  # type: ignore[type-var]
_Constructor.add_constructor(_BINARY, _construct_binary)  # type: ignore[type-var]

_KNOWN_SCALAR_TAGS = frozenset((_STR, _BOOL, _NULL, _INT, _FLOAT, _TIMESTAMP, _BINARY, _MERGE))

# go-yaml's alias budget (decode.go): over 1,000 decodes, with more than 100 of them inside aliases, the share of
# alias-driven decodes may not pass allowedAliasRatio.
_ALIAS_RATIO_RANGE_LOW = 400000
_ALIAS_RATIO_RANGE_HIGH = 4000000
_ALIAS_RATIO_RANGE = float(_ALIAS_RATIO_RANGE_HIGH - _ALIAS_RATIO_RANGE_LOW)


def _allowed_alias_ratio(decode_count: int) -> float:
    if decode_count <= _ALIAS_RATIO_RANGE_LOW:
        return 0.99
    if decode_count >= _ALIAS_RATIO_RANGE_HIGH:
        return 0.10
    return 0.99 - 0.89 * (float(decode_count - _ALIAS_RATIO_RANGE_LOW) / _ALIAS_RATIO_RANGE)


_VISIT, _AGAIN, _LEAVE = range(3)


def _go_decode_walk(root: yaml.Node, data: bytes | str) -> None:
    """go-yaml's decoder walk over the composed document, without building anything: its alias budget, its
    self-containing anchors and its map merge rules (YAMLError), and go-yaml's meaning of tags (set on the
    nodes, which PyYAML's constructor then builds).

    libyaml composes an alias as the anchored node itself, so the document is a graph: the edge by which the
    walk first reaches a node (document order, as go-yaml reads) is where it is written, any other edge to it
    is an alias. Aliases are expanded as go-yaml expands them, so this walk costs what go-yaml's decoding
    costs, which its budget bounds."""
    decodes = 1  # the document node
    aliases = 0
    alias_depth = 0
    home: dict[int, tuple[Any, ...]] = {}  # node -> the edge (parent, position) where it is written
    active: set[int] = set()
    work: list[Any] = [(_VISIT, root, (None, 0))]
    while work:
        op, node, edge = work.pop()
        if op == _LEAVE:
            alias_depth -= 1
            active.discard(id(node))
            continue
        decodes += 1  # an unmarshal call
        if alias_depth > 0:
            aliases += 1
        if aliases > 100 and decodes > 1000 and aliases / decodes > _allowed_alias_ratio(decodes):
            raise YAMLError("yaml: document contains excessive aliasing")
        if op == _VISIT:
            written = home.setdefault(id(node), edge)
            if written != edge:  # an alias: unmarshal(alias node), then unmarshal(anchored node)
                if id(node) in active:
                    raise YAMLError(f"yaml: anchor '{_self_containing_anchor(data)}' value contains itself")
                active.add(id(node))
                alias_depth += 1
                work.append((_LEAVE, node, edge))
                work.append((_AGAIN, node, edge))
                continue
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _KNOWN_SCALAR_TAGS:
                node.tag = _STR  # a tag go-yaml cannot resolve: the text
            continue
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            node.tag = _SEQ
            children = [(child, (id(node), i)) for i, child in enumerate(node.value)]
        else:
            node.tag = _MAP
            for i, (key, value) in enumerate(node.value):
                if isinstance(key, yaml.ScalarNode) and key.tag == _MERGE:
                    children.extend(_merge_sources(value, (id(node), 2 * i + 1), home))
                else:
                    children.extend(((key, (id(node), 2 * i)), (value, (id(node), 2 * i + 1))))
        work.extend((_VISIT, child, child_edge) for child, child_edge in reversed(children))


def _merge_sources(
    value: yaml.Node, edge: tuple[Any, ...], home: dict[int, tuple[Any, ...]]
) -> list[tuple[yaml.Node, tuple[Any, ...]]]:
    """The (node, edge) pairs go-yaml's merge() decodes for ``<<: value`` (a sequence from its last item)."""
    if isinstance(value, yaml.MappingNode):
        return [(value, edge)]
    if isinstance(value, yaml.SequenceNode) and home.setdefault(id(value), edge) == edge:
        if all(isinstance(item, yaml.MappingNode) for item in value.value):
            return [(item, (id(value), i)) for i, item in reversed(list(enumerate(value.value)))]
    raise YAMLError("yaml: map merge requires map or sequence of maps as the value")


def _self_containing_anchor(data: bytes | str) -> str:
    """The name of the first alias met inside the value of its own anchor."""
    open_anchors: list[Any] = []
    for event in yaml.parse(data, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            open_anchors.append(event.anchor)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            open_anchors.pop()
        elif isinstance(event, yaml.AliasEvent) and event.anchor in open_anchors:
            return event.anchor or ""  # an alias always names its anchor
    return ""


class _Loader(_Parser, _Constructor, _Resolver):
    def __init__(self, stream: bytes | str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


def _digits(text: str) -> tuple[str, int]:
    """Decimal digits and point position of a non-negative number's text ("1.5e-07" -> ("15", -6))."""
    mantissa, _, exp_text = text.lower().partition("e")
    exp = int(exp_text) if exp_text else 0
    int_part, _, frac_part = mantissa.partition(".")
    digits = int_part + frac_part
    point = len(int_part) + exp
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    return stripped.rstrip("0") or "0", point


def _format_g(negative: bool, digits: str, point: int) -> str:
    sign = "-" if negative else ""
    x = point - 1
    if x < -4 or x >= 6:  # Go's shortest 'g' switches to an exponent outside [1e-4, 1e6)
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}e{'-' if x < 0 else '+'}{abs(x):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * (-point)}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _go_format_float32_key(value: float) -> str:
    """A float mapping key as sigs.k8s.io/yaml names it: FormatFloat(key, 'g', -1, 32)."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    f32 = struct.unpack("f", struct.pack("f", value))[0]
    for precision in range(1, 10):  # the shortest digits that read back as the same float32
        text = f"{abs(f32):.{precision - 1}e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == abs(f32):
            return _format_g(f32 < 0, *_digits(text))
    return _format_g(f32 < 0, *_digits(repr(abs(f32))))  # pragma: no cover


def _json_key(key: Any) -> str:
    """A mapping key as sigs.k8s.io/yaml turns it into a JSON object key."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        return _go_format_float32_key(key)
    raise YAMLError(f"unsupported map key of type: {type(key).__name__}")


def _go_sharp_v(value: Any, top: bool = False) -> str:
    """Go's %#v of a value go-yaml decoded into interface{} (what its key errors print)."""
    if value is None:
        return "<nil>" if top else "interface {}(nil)"
    if isinstance(value, (bool, int, float)):
        return go_sprint(value)
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(_go_sharp_v(v) for v in value) + "}"
    if isinstance(value, dict):
        items = ", ".join(f"{_go_sharp_v(k)}:{_go_sharp_v(v)}" for k, v in sorted(value.items()))
        return "map[interface {}]interface {}{" + items + "}"
    return repr(value)


def _jsonable(value: Any) -> Any:
    """sigs.k8s.io/yaml convertToJSONableObject followed by a JSON round trip (keys are already strings).

    A loop (YAML nests up to libyaml's 1,000 levels, deeper than Python recurses); an alias's value, shared
    by PyYAML's constructor, is copied at each place, as go-yaml decodes it at each."""
    return copy_leaves(value, _jsonable_scalar)


def _jsonable_scalar(value: Any) -> Any:
    if isinstance(value, bytes):  # !!binary: a Go string of any bytes
        return go_string(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise YAMLError(f"json: unsupported value: {go_format_float(value)}")
        if value == int(value) and abs(value) < 1e21:
            return int(value)
    return value


def _error_text(err: yaml.YAMLError, data: bytes | str = b"") -> str:
    if isinstance(err, yaml.composer.ComposerError) and "undefined alias" in str(getattr(err, "problem", "")):
        return f"yaml: unknown anchor '{_alias_at(data, err.problem_mark)}' referenced"
    if isinstance(err, yaml.reader.ReaderError):
        if isinstance(err.character, int) and err.character < 0x80 or isinstance(err.character, str):
            return "yaml: control characters are not allowed"
        return "yaml: invalid leading UTF-8 octet"
    problem = getattr(err, "problem", None) or str(err)
    mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    line = 0
    if mark is not None and mark.line != 0:
        line = mark.line
        if isinstance(err, yaml.scanner.ScannerError):
            line += 1
    elif context_mark is not None and context_mark.line != 0:
        line = context_mark.line
    where = f"line {line}: " if line else ""
    return f"yaml: {where}{problem}"


def _alias_at(data: bytes | str, mark: Any) -> str:
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    index = getattr(mark, "index", None)
    if index is None:
        return ""
    m = re.match(r"\*([^\s,\[\]{}]+)", text[index:])
    return (m.group(1) or "") if m else ""


def yaml_to_json(data: bytes | str) -> Any:
    """The JSON value of the first YAML document in ``data`` (None for an empty document)."""
    loader = _Loader(data)
    try:
        node = _first_node(loader)
        if node is not None:
            _go_decode_walk(node, data)
        value = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as err:
        raise YAMLError("error converting YAML to JSON: " + _error_text(err, data)) from None
    finally:
        loader.dispose()
    return _jsonable(value)


def _first_node(loader: _Loader) -> Optional[yaml.Node]:
    # Like go-yaml's Unmarshal: only the first document is read; later ones are not parsed.
    if not loader.check_node():
        return None
    return loader.get_node()


# ---- writing ---------------------------------------------------------------------------


def go_key_less(a: str, b: str) -> bool:
    """go-yaml v2's order of mapping keys: letters after other characters, digit runs numerically."""
    ar, br = a, b
    for i in range(min(len(ar), len(br))):
        if ar[i] == br[i]:
            continue
        al, bl = ar[i].isalpha(), br[i].isalpha()
        if al and bl:
            return ar[i] < br[i]
        if al or bl:
            return bl
        an = bn = 0
        if ar[i] == "0" or br[i] == "0":
            j = i - 1
            while j >= 0 and ar[j].isdigit():
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(ar) and ar[ai].isdigit():
            an = an * 10 + (ord(ar[ai]) - 48)
            ai += 1
        bi = i
        while bi < len(br) and br[bi].isdigit():
            bn = bn * 10 + (ord(br[bi]) - 48)
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ar[i] < br[i]
    return len(ar) < len(br)


def _go_key_compare(x: str, y: str) -> int:
    return -1 if go_key_less(x, y) else (1 if go_key_less(y, x) else 0)


def _sorted_keys(keys: Iterable[str]) -> list[str]:
    return sorted(keys, key=functools.cmp_to_key(_go_key_compare))


if TYPE_CHECKING or _Emitter is not None:

    class _Dumper(_Emitter, yaml.representer.SafeRepresenter, _Resolver):
        def __init__(self, stream: IO[str]) -> None:
            _Emitter.__init__(
                self,
                stream,
                canonical=False,
                indent=2,
                width=80,
                allow_unicode=True,
                line_break="\n",
                encoding=None,
                explicit_start=False,
                explicit_end=False,
                version=None,
                tags=None,
            )
            yaml.representer.SafeRepresenter.__init__(
                self, default_style=None, default_flow_style=False, sort_keys=False
            )
            _Resolver.__init__(self)
else:  # pragma: no cover

    class _Dumper(yaml.emitter.Emitter, yaml.serializer.Serializer, yaml.representer.SafeRepresenter, _Resolver):
        def __init__(self, stream):
            yaml.emitter.Emitter.__init__(
                self, stream, canonical=False, indent=2, width=80, allow_unicode=True, line_break="\n"
            )
            yaml.serializer.Serializer.__init__(
                self, encoding=None, explicit_start=False, explicit_end=False, version=None, tags=None
            )
            yaml.representer.SafeRepresenter.__init__(
                self, default_style=None, default_flow_style=False, sort_keys=False
            )
            _Resolver.__init__(self)


def _represent_str(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    tag, _ = _resolve(value)
    if "\n" in value:
        style = "|"
    elif tag == _STR and not _BASE60_FLOAT.match(value):
        style = None
    else:
        style = '"'
    return dumper.represent_scalar(_STR, value, style=style)


def _represent_go_string(dumper: _Dumper, value: bytes) -> yaml.ScalarNode:
    """A Go string protobuf handed back as bytes (not UTF-8): written as JSONToYAML writes it, from Go's JSON."""
    return _represent_str(dumper, go_string(value))


def _represent_dict(dumper: _Dumper, value: dict[str, Any]) -> yaml.MappingNode:
    items = [(k, value[k]) for k in _sorted_keys(value.keys())]
    return dumper.represent_mapping("tag:yaml.org,2002:map", items)


def _represent_float(dumper: _Dumper, value: float) -> yaml.ScalarNode:
    text = go_format_float(value)
    text = {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text)
    return dumper.represent_scalar(_FLOAT, text)


def _represent_bool(dumper: _Dumper, value: bool) -> yaml.ScalarNode:
    return dumper.represent_scalar(_BOOL, "true" if value else "false")


def _represent_none(dumper: _Dumper, value: None) -> yaml.ScalarNode:
    return dumper.represent_scalar(_NULL, "null")


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(bytes, _represent_go_string)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(float, _represent_float)
_Dumper.add_representer(bool, _represent_bool)
_Dumper.add_representer(type(None), _represent_none)


def json_to_yaml(value: Any) -> str:
    """YAML text for a JSON value, as sigs.k8s.io/yaml JSONToYAML writes it."""
    stream = io.StringIO()
    dumper = _Dumper(stream)
    try:
        dumper.open()
        dumper.represent(value)
        dumper.close()
    except RecursionError:
        # PyYAML's writer recurses per level (a few hundred levels; Go writes JSON's 10,000): refused cleanly.
        raise YAMLError("yaml: value nested too deeply to write") from None
    finally:
        dumper.dispose()
    return stream.getvalue()
