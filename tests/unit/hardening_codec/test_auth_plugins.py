"""Credential plugins fed hostile input (issue 15, item 7): the oidc provider's exp claim as client-go's jsonTime
reads it, and exec-plugin stdout that is not UTF-8 as client-go's JSON decoder reads it."""

from __future__ import annotations

import base64
import stat
import sys
import traceback

import pytest

from kubernetes_py.plugin.pkg.client.auth import exec as execplugin
from kubernetes_py.plugin.pkg.client.auth import oidc
from kubernetes_py.tools.clientcmd import api as clientcmdapi

SECRET = "s3cr3t-t0ken-value"


def _jwt(payload: bytes) -> str:
    return "h." + base64.urlsafe_b64encode(payload).decode().rstrip("=") + ".sig"


@pytest.mark.parametrize(
    "payload,message",
    [
        (b'{"exp":1e999}', 'parsing claims: strconv.ParseFloat: parsing "1e999": value out of range'),
        (b'{"exp":-1e999}', 'parsing claims: strconv.ParseFloat: parsing "-1e999": value out of range'),
        (b'{"exp":NaN}', "parsing claims: invalid character 'N' looking for beginning of value"),
        (b'{"exp":Infinity}', "parsing claims: invalid character 'I' looking for beginning of value"),
        (b'{"exp":-Infinity}', "parsing claims: invalid character 'I' in numeric literal"),
        (
            b'{"exp":"soon"}',
            'parsing claims: json: invalid number literal, trying to unmarshal "\\"soon\\"" into Number',
        ),
        (b'{"exp":true}', "parsing claims: json: cannot unmarshal bool into Go value of type json.Number"),
        (b'{"exp":{}}', "parsing claims: json: cannot unmarshal object into Go value of type json.Number"),
        (b'{"exp":' + b"[" * 10001 + b"]" * 10001 + b"}", "parsing claims: invalid character '[' exceeded max depth"),
    ],
)
def test_oidc_exp_claims_go_refuses_are_clean_claims_errors(payload, message):
    with pytest.raises(oidc.OIDCError) as info:
        oidc.id_token_expired(lambda: 1000.0, _jwt(payload))
    assert str(info.value) == message
    assert info.value.__cause__ is None and info.value.__suppress_context__


@pytest.mark.parametrize(
    "payload,valid",
    [
        (b'{"exp":1011}', True),
        (b'{"exp":1011.9}', True),  # a float is truncated to its second
        (b'{"exp":"1011"}', True),  # json.Number takes a string that holds a number
        (b'{"EXP":1011}', True),  # encoding/json matches member names without regard to case
        (b'{"exp":null}', False),  # the zero time
        (b'{"exp":1e20}', False),  # int64(1e20) on amd64 is the smallest int64: long past
        (b'{"exp":9223372036854775807}', False),  # time.Unix wraps past its range: in the past
        (b'{"a":"\xff\xfe","exp":1011}', True),  # invalid UTF-8 elsewhere is read as U+FFFD
    ],
)
def test_oidc_exp_claims_go_accepts(payload, valid):
    assert oidc.id_token_expired(lambda: 1000.0, _jwt(payload)) is valid


def _plugin(tmp_path, stdout: bytes) -> clientcmdapi.ExecConfig:
    out = tmp_path / "stdout.bin"
    out.write_bytes(stdout)
    script = tmp_path / "plugin"
    script.write_text(f"#!{sys.executable}\nimport sys\nsys.stdout.buffer.write(open({str(out)!r}, 'rb').read())\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return clientcmdapi.ExecConfig(
        command=str(script), api_version="client.authentication.k8s.io/v1", interactive_mode="Never"
    )


def test_exec_stdout_not_utf8_outside_strings_is_a_decoding_error_holding_no_stdout(tmp_path):
    stdout = (
        b'\xff{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1",'
        b'"status":{"token":"' + SECRET.encode() + b'"}}'
    )
    a = execplugin.get_authenticator(_plugin(tmp_path, stdout), None)
    with pytest.raises(execplugin.ExecPluginError) as info:
        a.get_creds()
    assert str(info.value).startswith("decoding stdout: couldn't get version/kind; json parse error: ")
    err = info.value
    assert err.__cause__ is None and err.__context__ is None
    text = "".join(traceback.format_exception(err)) + repr(err)
    assert SECRET not in text


def test_exec_stdout_not_utf8_inside_a_string_is_read_as_go_reads_it(tmp_path):
    stdout = (
        b'{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1",'
        b'"status":{"token":"tok\xe2\x82en\xff"}}'
    )
    creds = execplugin.get_authenticator(_plugin(tmp_path, stdout), None).get_creds()
    assert creds.token == "tok\ufffd\ufffden\ufffd"  # one U+FFFD per byte, as Go's utf8.DecodeRune reads them
