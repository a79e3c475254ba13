"""Go's %q (strconv.Quote), which error messages use for names and values, over many code points."""

import pytest

from kubernetes_py._go.strconv import go_quote
from tests.differential.machinery_oracle import run_oracle

pytestmark = pytest.mark.differential


def corpus():
    points = (
        list(range(0, 0x300))
        + list(range(0x300, 0x3100, 7))
        + list(range(0xD7F0, 0xD800))
        + list(range(0xE000, 0xE010))
        + list(range(0xFDD0, 0xFDF0))
        + list(range(0xFFF0, 0x10000))
        + [
            0x1F600,
            0x1F9FF,
            0xE0001,
            0xE007F,
            0x10FFFF,
            0x2028,
            0x2029,
            0x200B,
            0x200D,
            0xFEFF,
            0x061C,
            0x180E,
            0x1680,
            0x3000,
            0x00A0,
            0x00AD,
            0x2060,
            0x1D173,
            0x110BD,
            0x0600,
            0x070F,
            0x08E2,
        ]
    )
    return [chr(p) for p in points] + ['pods "web"', "a\\b", "tab\there", "", "ünïcödé", "line\nbreak"]


def test_go_quote_matches_strconv_quote(go_oracle):
    cases = corpus()
    go = run_oracle(go_oracle, "quote", cases)
    mismatches = [(hex(ord(c)) if len(c) == 1 else c, w, go_quote(c)) for c, w in zip(cases, go) if go_quote(c) != w]
    assert mismatches[:20] == []
