"""Go's fmt.Sprintf for the message formats of event recorders (``eventf(obj, type, reason, "%s on %v", ...)``).

The verbs recorders see: %v %s %d %q %x %X %t %f %e %g %%, with flags, width and precision; a missing
argument gives ``%!v(MISSING)`` and extra ones ``%!(EXTRA type=value, ...)``, as Go writes them.
"""
from __future__ import annotations

import re
from typing import Any

from kubernetes_py._go.fmt import go_sprint, go_type_name
from kubernetes_py._go.strconv import go_quote

__all__ = ["sprintf"]

_VERB = re.compile(r"%([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*))?([a-zA-Z%])")


def _pad(text: str, flags: str, width: str) -> str:
    if not width:
        return text
    w = int(width)
    if "-" in flags:
        return text.ljust(w)
    if "0" in flags and text[:1] in "-+0123456789":
        sign = text[0] if text[0] in "-+" else ""
        return sign + text[len(sign):].rjust(w - len(sign), "0")
    return text.rjust(w)


def _format(verb: str, flags: str, precision: str, arg: Any) -> str:
    if verb in "vs":
        text = go_sprint(arg)
        return text[:int(precision)] if precision and verb == "s" else text
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
        out.append(fmt[pos:m.start()])
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
