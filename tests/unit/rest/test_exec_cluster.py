"""rest.exec_cluster_to_config: the proxy URL as client-go's ExecClusterToConfig takes it (url.Parse, then
http.ProxyURL of the parsed URL)."""

import pytest

from kubernetes_py import rest
from kubernetes_py.pkg.apis.clientauthentication import Cluster


def test_proxy_url_is_parsed_and_written_back_as_go_does():
    config = rest.exec_cluster_to_config(Cluster(server="https://h:6443", proxy_url="HTTP://p:3128/a b"))
    assert (config.host, config.proxy) == ("https://h:6443", "http://p:3128/a%20b")
    assert rest.exec_cluster_to_config(Cluster(server="https://h:6443")).proxy is None


@pytest.mark.parametrize(
    ("proxy_url", "problem"),
    [
        ("http://p:port", 'invalid port ":port" after host'),
        ("http://p/%zz", 'invalid URL escape "%zz"'),
        ("::", "missing protocol scheme"),
    ],
)
def test_a_proxy_url_go_refuses(proxy_url, problem):
    with pytest.raises(ValueError) as err:
        rest.exec_cluster_to_config(Cluster(server="https://h:6443", proxy_url=proxy_url))
    assert str(err.value) == f'cannot parse proxy URL: parse "{proxy_url}": {problem}'
