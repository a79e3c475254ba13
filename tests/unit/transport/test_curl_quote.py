"""The debugging round tripper quotes header lines with Go's %q (strconv.Quote), as client-go's toCurl does."""

from kubernetes_py.transport.round_trippers import to_curl


def test_curl_headers_use_go_quote():
    assert (
        to_curl("GET", "https://x/api", {"X-A": 'a\tb "q" ü\x7f'})
        == 'curl -v -XGET  -H "X-A: a\\tb \\"q\\" ü\\x7f" \'https://x/api\'\n'
    )
