"""Go's ``path.Clean``/``path.Join`` and ``time.Duration.String`` where URLs and messages depend on them."""
from __future__ import annotations


def clean(p: str) -> str:
    """Lexically shortest equivalent of a slash-separated path, exactly as Go's ``path.Clean``."""
    if p[:1] == "/" and "//" not in p and "/." not in p and (len(p) == 1 or p[-1] != "/"):
        return p  # already clean: rooted, no empty, "." or ".." segment, no trailing slash
    if p == "":
        return "."
    rooted = p.startswith("/")
    out: list[str] = []
    for part in p.split("/"):
        if part == "" or part == ".":
            continue
        if part == "..":
            if out and out[-1] != "..":
                out.pop()
            elif not rooted:
                out.append("..")
            continue
        out.append(part)
    result = "/".join(out)
    if rooted:
        return "/" + result
    return result or "."


def join(*elem: str) -> str:
    """Go's ``path.Join``: the non-empty elements joined by slashes and cleaned; "" when all are empty."""
    parts = [e for e in elem if e]
    if not parts:
        return ""
    return clean("/".join(parts))


def duration_string(seconds: float) -> str:
    """Go's ``time.Duration.String`` for a duration given in seconds ("1.5s", "2m0s", "100ms", "0s")."""
    ns = int(round(seconds * 1e9))
    if ns == 0:
        return "0s"
    neg = ns < 0
    u = -ns if neg else ns
    if u < 1_000_000_000:
        if u < 1_000:
            text = f"{u}ns"
        elif u < 1_000_000:
            text = _frac(u, 1_000) + "\u00b5s"
        else:
            text = _frac(u, 1_000_000) + "ms"
    else:
        secs, frac_ns = divmod(u, 1_000_000_000)
        s_text = str(secs % 60)
        if frac_ns:
            s_text += "." + f"{frac_ns:09d}".rstrip("0")
        text = s_text + "s"
        mins = secs // 60
        if mins:
            text = f"{mins % 60}m" + text
            hours = mins // 60
            if hours:
                text = f"{hours}h" + text
    return "-" + text if neg else text


def _frac(value: int, unit: int) -> str:
    whole, frac = divmod(value, unit)
    if not frac:
        return str(whole)
    width = len(str(unit)) - 1
    return f"{whole}." + f"{frac:0{width}d}".rstrip("0")
