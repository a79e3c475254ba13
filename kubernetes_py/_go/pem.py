"""Go's ``encoding/pem``: ``Decode`` (skipping what is not a well-formed block, as Go does) and ``Encode``."""

from __future__ import annotations

import base64
import binascii
import dataclasses

_PEM_START = b"\n-----BEGIN "
_PEM_END = b"\n-----END "
_PEM_END_OF_LINE = b"-----"


@dataclasses.dataclass
class Block:
    """One PEM block: its type, its headers and its decoded bytes."""

    type: str
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    bytes: bytes = b""


def _get_line(data: bytes) -> tuple[bytes, bytes]:
    i = data.find(b"\n")
    if i < 0:
        line, rest = data, b""
    else:
        j = i + 1
        if i > 0 and data[i - 1 : i] == b"\r":
            i -= 1
        line, rest = data[:i], data[j:]
    return line.rstrip(b" \t"), rest


def decode(data: bytes) -> tuple[Block | None, bytes]:
    """The first PEM block in ``data`` and the bytes after it; (None, data) when there is none."""
    rest = data
    while True:
        if rest.startswith(_PEM_START[1:]):
            rest = rest[len(_PEM_START) - 1 :]
        else:
            i = rest.find(_PEM_START)
            if i < 0:
                return None, data
            rest = rest[i + len(_PEM_START) :]
        type_line, rest = _get_line(rest)
        if not type_line.endswith(_PEM_END_OF_LINE):
            continue
        type_line = type_line[: -len(_PEM_END_OF_LINE)]
        headers: dict[str, str] = {}
        while True:
            if not rest:
                return None, data
            line, nxt = _get_line(rest)
            key, sep, val = line.partition(b":")
            if not sep:
                break
            headers[key.strip().decode("latin-1")] = val.strip().decode("latin-1")
            rest = nxt
        if not headers and rest.startswith(_PEM_END[1:]):
            end_index, end_trailer_index = 0, len(_PEM_END) - 1
        else:
            end_index = rest.find(_PEM_END)
            end_trailer_index = end_index + len(_PEM_END)
        if end_index < 0:
            continue
        end_trailer = rest[end_trailer_index:]
        trailer_len = len(type_line) + len(_PEM_END_OF_LINE)
        if len(end_trailer) < trailer_len:
            continue
        rest_of_end_line = end_trailer[trailer_len:]
        end_trailer = end_trailer[:trailer_len]
        if not end_trailer.startswith(type_line) or not end_trailer.endswith(_PEM_END_OF_LINE):
            continue
        if _get_line(rest_of_end_line)[0]:
            continue
        b64 = bytes(c for c in rest[:end_index] if c not in b" \t\r\n")
        try:
            der = base64.b64decode(b64, validate=True)
        except (binascii.Error, ValueError):
            continue
        _, rest = _get_line(rest[end_index + len(_PEM_END) - 1 :])
        return Block(type_line.decode("latin-1"), headers, der), rest


def encode_to_memory(block: Block) -> bytes:
    """The block as PEM text (headers sorted, Proc-Type first, as Go writes them)."""
    out = [b"-----BEGIN ", block.type.encode("latin-1"), b"-----\n"]
    if block.headers:
        keys = sorted(k for k in block.headers if k != "Proc-Type")
        if "Proc-Type" in block.headers:
            keys.insert(0, "Proc-Type")
        for k in keys:
            out.append(f"{k}: {block.headers[k]}\n".encode("latin-1"))
        out.append(b"\n")
    b64 = base64.b64encode(block.bytes)
    for i in range(0, len(b64), 64):
        out.append(b64[i : i + 64] + b"\n")
    out += [b"-----END ", block.type.encode("latin-1"), b"-----\n"]
    return b"".join(out)
