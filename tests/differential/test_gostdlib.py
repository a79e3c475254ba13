"""kubernetes_py._go against Go's standard library itself (hack/oracle/cmd/gostdlib): path.Join/Clean,
filepath.Join, time.Parse of RFC 3339 (RFC3339 and RFC3339Nano layouts), Time.Format, ParseDuration and
Duration.String, over generated inputs."""

import itertools
import json
import random
import subprocess

import pytest

from kubernetes_py._go import filepath, path
from kubernetes_py._go import time as gotime
from kubernetes_py._go import url as gourl
from kubernetes_py.tools.clientcmd import helpers as clientcmd_helpers

pytestmark = pytest.mark.differential


def _ask(go_oracle, requests: list[tuple]) -> list[dict]:
    lines = "".join(json.dumps({"op": op, "args": list(args)}) + "\n" for op, *args in requests)
    proc = subprocess.run(
        [str(go_oracle("gostdlib"))], input=lines, capture_output=True, text=True, timeout=60, check=True
    )
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(answers) == len(requests)
    return answers


def _paths() -> list[str]:
    pieces = ["", "a", "b", ".", "..", "/", "//", "a/", "/a", "./", "../", ".a", "a.", "..a"]
    rng = random.Random(16)
    out = ["".join(p) for p in itertools.product(pieces, repeat=2)]
    out += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 7))) for _ in range(600)]
    return out


def test_path_clean_and_join_match_go(go_oracle):
    singles = _paths()
    rng = random.Random(61)
    joins = [tuple(rng.choice(singles) for _ in range(rng.randint(0, 4))) for _ in range(600)]
    joins += [("/", "api"), ("/", "", "v1"), ("", ""), ("/apis/", "apps", "v1"), ("a", "/b")]
    requests = [("path.Clean", p) for p in singles] + [("path.Join", *j) for j in joins]
    requests += [("filepath.Join", *j) for j in joins]
    answers = _ask(go_oracle, requests)
    mine = [path.clean(p) for p in singles] + [path.join(*j) for j in joins] + [filepath.join(*j) for j in joins]
    mismatches = [(req, ans["out"], got) for req, ans, got in zip(requests, answers, mine) if ans["out"] != got]
    assert not mismatches, mismatches[:10]


def _times() -> list[str]:
    fixed = [
        "2026-12-07T10:00:00Z",
        "2026-12-07T10:00:00.123456789Z",
        "2026-12-07T10:00:00.1Z",
        "2026-12-07T10:00:00.1234567891Z",
        "2026-12-07T10:00:00,5Z",
        "2026-12-07T10:00:00.Z",
        "2026-12-07T10:00:00+01:00",
        "2026-12-07T10:00:00.5-07:30",
        "2026-12-07T10:00:00+24:00",
        "2026-12-07T10:00:00+25:00",
        "2026-12-07T10:00:00+01:61",
        "2026-12-07T10:00:00+0100",
        "2026-12-07 10:00:00Z",
        "2026-12-07T10:00:00",
        "2026-12-07",
        "2026-12-07T10:00Z",
        "2026-12-07t10:00:00z",
        "2024-02-29T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-12-00T00:00:00Z",
        "2026-12-32T00:00:00Z",
        "2026-12-07T24:00:00Z",
        "2026-12-07T23:60:00Z",
        "2026-12-07T23:59:60Z",
        "2026-12-07T1:00:00Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "1969-12-31T23:59:59.999999999Z",
        "2026-12-07T10:00:00Zjunk",
        "",
        "tomorrow",
        "+2026-12-07T10:00:00Z",
        "20261207T100000Z",
        "2026-1-07T10:00:00Z",
        "2026-12-07T10:00:00.000000Z",
    ]
    rng = random.Random(3339)
    digits = "0123456789"
    generated = []
    for _ in range(300):
        frac = "" if rng.random() < 0.3 else "." + "".join(rng.choice(digits) for _ in range(rng.randint(1, 10)))
        zone = rng.choice(["Z", "+00:00", "-05:00", "+05:45", "+14:00", "-12:00"])
        generated.append(
            f"{rng.randint(1, 9999):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}{frac}{zone}"
        )
    return fixed + generated


def test_rfc3339_parsing_matches_go(go_oracle):
    texts = _times()
    for layout in ("RFC3339", "RFC3339Nano"):
        answers = _ask(go_oracle, [(f"time.Parse.{layout}", t) for t in texts])
        for text, ans in zip(texts, answers):
            try:
                got = list(gotime.parse_rfc3339(text))
            except gotime.TimeParseError:
                got = None
            if ans["err"]:
                assert got is None, (layout, text, ans["err"], got)
            else:
                assert got == ans["out"], (layout, text, ans["out"], got)
    # For the RFC3339 layout (the one metav1.Time uses) the error texts are Go's too.
    answers = _ask(go_oracle, [("time.Parse.RFC3339", t) for t in texts])
    for text, ans in zip(texts, answers):
        if ans["err"]:
            with pytest.raises(gotime.TimeParseError) as err:
                gotime.parse_rfc3339(text)
            assert str(err.value) == ans["err"], text


def test_rfc3339_formatting_matches_go(go_oracle):
    rng = random.Random(99)
    instants = [
        (0, 0),
        (1, 1),
        (-1, 999999999),
        (1796637600, 123456789),
        (1796637600, 100000000),
        (-62135596800, 0),
        (253402300799, 999999999),
        (951782400, 10),
    ]
    instants += [
        (rng.randint(-62135596800, 253402300799), rng.choice([0, rng.randint(0, 999999999)])) for _ in range(300)
    ]
    requests = [("time.Format.RFC3339Nano", s, n) for s, n in instants]
    requests += [("time.Format.RFC3339", s, 0) for s, _ in instants]
    answers = _ask(go_oracle, requests)
    mine = [gotime.format_rfc3339_nano(s, n) for s, n in instants] + [gotime.format_rfc3339(s) for s, _ in instants]
    mismatches = [(req, ans["out"], got) for req, ans, got in zip(requests, answers, mine) if ans["out"] != got]
    assert not mismatches, mismatches[:10]


def _durations() -> list[str]:
    fixed = [
        "0",
        "+0",
        "-0",
        "",
        "+",
        "-",
        "1",
        "1s",
        "-1s",
        "+1s",
        "1.5h",
        "1h2m3.5s",
        "300ms",
        "1us",
        "1µs",
        "1μs",
        "1ns",
        "1.s",
        ".5s",
        ".s",
        "1.5.s",
        "1sm",
        "1m1",
        "1x",
        "1S",
        "1 s",
        "s",
        "1e3s",
        "9223372036854775807ns",
        "9223372036854775808ns",
        "-9223372036854775808ns",
        "2562047h47m16.854775807s",
        "2562047h47m16.854775808s",
        "0.000000001s",
        "0.0000000009s",
        "1.0000000000000000000001s",
        "100000000000000000000s",
        "3h0m0s",
        "1h-1m",
        "1m+1s",
        "5m0.000000001s",
        "0.5µs",
        "1.h",
    ]
    rng = random.Random(1714)
    units = ["ns", "us", "µs", "ms", "s", "m", "h"]
    generated = []
    for _ in range(400):
        parts = []
        for _ in range(rng.randint(1, 3)):
            whole = str(rng.randint(0, 10 ** rng.randint(0, 6)))
            frac = "" if rng.random() < 0.5 else "." + str(rng.randint(0, 10 ** rng.randint(0, 9)))
            parts.append(whole + frac + rng.choice(units))
        generated.append(rng.choice(["", "-", "+"]) + "".join(parts))
    return fixed + generated


def test_parse_duration_matches_go(go_oracle):
    texts = _durations()
    answers = _ask(go_oracle, [("time.ParseDuration", t) for t in texts])
    for text, ans in zip(texts, answers):
        if ans["err"]:
            with pytest.raises(ValueError) as err:
                gotime.parse_duration(text)
            assert str(err.value) == ans["err"], text
            # clientcmd's public parse_duration is the same function, in seconds.
            with pytest.raises(ValueError):
                clientcmd_helpers.parse_duration(text)
        else:
            assert gotime.parse_duration(text) == ans["out"], text
            assert clientcmd_helpers.parse_duration(text) == ans["out"] / 1e9, text


def test_duration_string_matches_go(go_oracle):
    rng = random.Random(5)
    values = [
        0,
        1,
        -1,
        999,
        1000,
        1001,
        1500,
        999999,
        1000000,
        1000001,
        999999999,
        1000000000,
        60000000000,
        3600000000000,
        3661000000001,
        (1 << 63) - 1,
        -(1 << 63),
        -(1 << 63) + 1,
    ]
    values += [rng.randint(-(1 << 63), (1 << 63) - 1) // 10 ** rng.randint(0, 18) for _ in range(300)]
    answers = _ask(go_oracle, [("time.Duration.String", v) for v in values])
    mismatches = [
        (v, ans["out"], gotime.format_duration(v))
        for v, ans in zip(values, answers)
        if ans["out"] != gotime.format_duration(v)
    ]
    assert not mismatches, mismatches[:10]


def test_url_redacted_matches_go(go_oracle):
    """The one URL.Redacted (rest's request errors and logs, clientcmd's proxy-url messages): wherever Go parses the
    URL and prints it back unchanged, the password is replaced exactly as Go's URL.Redacted does."""
    parts = [
        "http://",
        "https://",
        "socks5://",
        "//",
        "",
        "u",
        ":",
        "p",
        "@",
        "h",
        ":6443",
        "/",
        "a",
        "?",
        "x",
        "#",
        "=",
        "[::1]",
        "%41",
        "a@b",
    ]
    rng = random.Random(1738)
    urls = [
        "http://u:p@h?x@y",
        "https://admin:s3cret@h:6443/api/v1?x=1",
        "https://token@h/api",
        "https://h/a:b@c",
        "/relative",
        "http://:p@h",
        "https://u:p:q@h/a@b",
        "http://u:p@h#f@g",
        "a/b://u:p@h",
    ]
    urls += ["".join(rng.choice(parts) for _ in range(rng.randint(2, 9))) for _ in range(800)]
    answers = _ask(go_oracle, [("url.Redacted", u) for u in urls])
    compared = 0
    for u, ans in zip(urls, answers):
        if ans["err"] or ans["out"][0] != u:
            continue  # Go cannot parse it, or prints it differently: nothing to compare the text with
        compared += 1
        assert gourl.redacted(u) == ans["out"][1], u
    assert compared > 200
