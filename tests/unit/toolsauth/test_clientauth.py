"""client-go tools/auth clientauth_test.go (TestLoadFromFile) and the rest of the Info file format."""

import pytest

from kubernetes_py import rest
from kubernetes_py.tools import auth


@pytest.mark.parametrize(
    "data,expected,error",
    [
        (b'{"user": "user", "password": "pass"}', auth.Info(user="user", password="pass"), None),
        (b"", None, "unexpected end of JSON input"),
        (b"null", auth.Info(), None),
        (
            b'{"USER": "u", "CaFile": "/ca", "insecure": false, "other": 1}',
            auth.Info(user="u", ca_file="/ca", insecure=False),
            None,
        ),
        (b"[]", None, "json: cannot unmarshal array into Go value of type auth.Info"),
        (b'{"User": 1}', None, "json: cannot unmarshal number into Go struct field Info.User of type string"),
        (b'{"Insecure": "yes"}', None, "json: cannot unmarshal string into Go struct field Info.Insecure of type bool"),
        (b'{"User": "u"', None, "unexpected end of JSON input"),
    ],
)
def test_load_from_file(tmp_path, data, expected, error):
    path = tmp_path / "testAuthInfo"
    path.write_bytes(data)
    if error is None:
        assert auth.load_from_file(str(path)) == expected
        return
    with pytest.raises(ValueError) as info:
        auth.load_from_file(str(path))
    assert str(info.value) == error


def test_load_from_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        auth.load_from_file(str(tmp_path / "missing"))
    assert str(info.value) == f"stat {tmp_path / 'missing'}: no such file or directory"


def test_merge_with_config_copies_and_sets_credentials():
    base = rest.Config(host="https://h", bearer_token="old", tls_client_config=rest.TLSClientConfig(insecure=True))
    info = auth.Info(user="u", password="p", ca_file="/ca", cert_file="/c", key_file="/k")
    merged = info.merge_with_config(base)
    assert (merged.host, merged.username, merged.password) == ("https://h", "u", "p")
    assert (merged.ca_file, merged.cert_file, merged.key_file, merged.bearer_token) == ("/ca", "/c", "/k", "")
    assert merged.insecure is True  # Insecure unset: the config's value stays
    assert (base.bearer_token, base.username, base.ca_file) == ("old", "", "")  # the argument is not changed
    assert auth.Info(insecure=False).merge_with_config(base).insecure is False


@pytest.mark.parametrize(
    "info,complete",
    [
        (auth.Info(), False),
        (auth.Info(password="p", ca_file="/ca", key_file="/k", insecure=True), False),
        (auth.Info(user="u"), True),
        (auth.Info(cert_file="/c"), True),
        (auth.Info(bearer_token="t"), True),
    ],
)
def test_complete(info, complete):
    assert info.complete() is complete


def test_json_is_go_marshal_and_secrets_stay_out_of_repr():
    info = auth.Info(user="a<b", password="secret-pass", bearer_token="secret-token", insecure=True)
    assert info.to_json() == (
        b'{"User":"a\\u003cb","Password":"secret-pass","CAFile":"","CertFile":"","KeyFile":"",'
        b'"BearerToken":"secret-token","Insecure":true}'
    )
    assert auth.Info().to_json().endswith(b'"Insecure":null}')
    text = repr(info) + str(info)
    assert "secret" not in text and "a<b" in text
