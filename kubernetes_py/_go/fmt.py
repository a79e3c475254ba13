"""Go's ``fmt`` where texts depend on it: ``%v`` (``go_sprint``) and ``%T`` (``go_type_name``,
``go_pointer_type_name``) of decoded JSON values, and ``Sprintf`` for the message formats of event recorders
(``eventf(obj, type, reason, "%s on %v", ...)``).

The verbs recorders see: %v %s %d %q %x %X %t %f %e %g %%, with flags, width and precision; a missing
argument gives ``%!v(MISSING)`` and extra ones ``%!(EXTRA type=value, ...)``, as Go writes them.
"""

from __future__ import annotations

import re
from typing import Any

from kubernetes_py._go.strconv import go_format_float, go_quote


def go_sprint(value: Any) -> str:
    """Go's ``fmt.Sprint`` (``%v``) of a decoded JSON value (map keys sorted, as fmt prints them)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_format_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_sprint(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(go_sprint(v) for v in value) + "]"
    return str(value)


# Go's types of decoded JSON values, in the order isinstance must ask (bool is an int in Python).
_GO_TYPES = (
    (type(None), "<nil>"),
    (bool, "bool"),
    (int, "int64"),
    (float, "float64"),
    (str, "string"),
    (dict, "map[string]interface {}"),
    (list, "[]interface {}"),
)


def go_type_name(value: Any) -> str:
    """Go's ``%T`` of a decoded JSON value: objects are ``map[string]interface {}``, arrays ``[]interface {}``,
    integers ``int64``, other numbers ``float64``, nil ``<nil>``."""
    for cls, name in _GO_TYPES:
        if isinstance(value, cls):
            return name
    return type(value).__name__


def go_pointer_type_name(obj: Any) -> str:
    """Go's %T of a pointer to a typed object: ``*v1.PartialObjectMetadata`` (the last element of the Go
    package path, from the protobuf descriptor when there is one, else from the Python module)."""
    descriptor = getattr(type(obj), "DESCRIPTOR", None)
    package = descriptor.full_name.split(".")[-2] if descriptor is not None else type(obj).__module__.split(".")[-1]
    return f"*{package}.{type(obj).__name__}"


_VERB = re.compile(r"%([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*))?([a-zA-Z%])")


def _pad(text: str, flags: str, width: str) -> str:
    if not width:
        return text
    w = int(width)
    if "-" in flags:
        return text.ljust(w)
    if "0" in flags and text[:1] in "-+0123456789":
        sign = text[0] if text[0] in "-+" else ""
        return sign + text[len(sign) :].rjust(w - len(sign), "0")
    return text.rjust(w)


def _format(verb: str, flags: str, precision: str, arg: Any) -> str:
    if verb in "vs":
        text = go_sprint(arg)
        return text[: int(precision)] if precision and verb == "s" else text
    if verb == "d" and isinstance(arg, int) and not isinstance(arg, bool):
        return ("+" if "+" in flags and arg >= 0 else "") + str(arg)
    if verb == "q" and isinstance(arg, str):
        return go_quote(arg)
    if verb in "xX" and isinstance(arg, int) and not isinstance(arg, bool):
        return format(arg, verb)
    if verb in "xX" and isinstance(arg, (str, bytes)):
        data = arg.encode() if isinstance(arg, str) else arg
        return data.hex() if verb == "x" else data.hex().upper()
    if verb == "t" and isinstance(arg, bool):
        return "true" if arg else "false"
    if verb in "feEgG" and isinstance(arg, (int, float)) and not isinstance(arg, bool):
        if verb in "gG" and not precision:
            return go_sprint(float(arg))
        return format(float(arg), f".{precision or 6}{verb}")
    return f"%!{verb}({go_type_name(arg)}={go_sprint(arg)})"


def sprintf(fmt: str, *args: Any) -> str:
    """Format ``args`` into ``fmt`` as Go's fmt.Sprintf."""
    out = []
    pos = 0
    index = 0
    for m in _VERB.finditer(fmt):
        out.append(fmt[pos : m.start()])
        pos = m.end()
        flags, width, precision, verb = m.group(1), m.group(2) or "", m.group(3) or "", m.group(4)
        if verb == "%":
            out.append("%")
            continue
        if index >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        arg = args[index]
        index += 1
        out.append(_pad(_format(verb, flags, precision, arg), flags, width))
    out.append(fmt[pos:])
    if index < len(args):
        extra = ", ".join(f"{go_type_name(a)}={go_sprint(a)}" for a in args[index:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)
