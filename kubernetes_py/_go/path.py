"""Go's ``path`` package: ``Clean`` and ``Join`` for slash-separated paths (URLs, subresources)."""

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
