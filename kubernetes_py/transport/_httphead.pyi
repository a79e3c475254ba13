"""Stub of the optional C extension (csrc/httphead): the head of a small HTTP/1.1 answer (see _wire.parse_small_head,
which gives the same answer for every head this parser takes)."""

from typing import Optional

def parse(
    data: bytes | bytearray | memoryview, head_request: bool, /
) -> Optional[tuple[int, str, int, dict[str, list[str]], int, int]]: ...
