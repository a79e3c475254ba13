"""util/cert and util/keyutil against client-go's (hack/oracle/cmd/certutil): the same PEM inputs (well-formed,
malformed, with headers, each key format in each block type, the CSRs and certificates kubernetes_py makes) parsed
by both, with the same outcome; and what our make_csr, new_self_signed_ca_cert and generate_self_signed_cert_key
produce is read by Go's crypto/x509 with the fields client-go's own would have (signatures valid)."""

from __future__ import annotations

import base64
import ipaddress
import json
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from kubernetes_py._go import pem
from kubernetes_py.util import cert, keyutil

from tests.unit.certutil import keys

pytestmark = pytest.mark.differential


def _ask(go_oracle, cases: list[tuple[str, bytes]]) -> list[dict]:
    payload = json.dumps([{"op": op, "data": base64.b64encode(data).decode()} for op, data in cases])
    proc = subprocess.run(
        [str(go_oracle("certutil"))], input=payload, capture_output=True, text=True, timeout=60, check=True
    )
    answers = json.loads(proc.stdout)
    assert len(answers) == len(cases)
    return answers


def _key_type(k) -> str:
    return {
        rsa.RSAPrivateKey: "rsa-private",
        ec.EllipticCurvePrivateKey: "ecdsa-private",
        rsa.RSAPublicKey: "rsa-public",
        ec.EllipticCurvePublicKey: "ecdsa-public",
    }[
        next(
            t
            for t in (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, rsa.RSAPublicKey, ec.EllipticCurvePublicKey)
            if isinstance(k, t)
        )
    ]


def _subject(name: x509.Name) -> str:
    return name.rfc4514_string()


def _ours(op: str, data: bytes) -> dict:
    try:
        if op == "certs":
            certs = cert.parse_certs_pem(data)
            return {"result": {"count": len(certs), "subjects": [_subject(c.subject) for c in certs]}}
        if op == "privkey":
            return {"result": {"type": _key_type(keyutil.parse_private_key_pem(data))}}
        if op == "pubkeys":
            return {"result": {"types": [_key_type(k) for k in keyutil.parse_public_keys_pem(data)]}}
    except cert.ParseCertsError as err:
        return {"err": str(err), "result": {"count": len(err.certs)}}
    except ValueError as err:
        return {"err": str(err)}
    raise AssertionError(op)


def _block(t: str, der: bytes, headers: dict | None = None) -> bytes:
    return pem.encode_to_memory(pem.Block(t, headers or {}, der))


def _der_of(pem_bytes: bytes) -> bytes:
    return pem.decode(pem_bytes)[0].bytes


def _corpus() -> list[tuple[str, bytes]]:
    c1 = keys.certificate_pem(keys.rsa_certificate())
    c2 = keys.certificate_pem(
        cert.new_self_signed_ca_cert(cert.Config(common_name="two", organization=["o1", "o2"]), keys.ec_key())
    )
    rsa1, rsa8 = keys.rsa_pkcs1_pem(), keys.pkcs8_pem(keys.rsa_key())
    ec1, ec8 = keys.ec_sec1_pem(), keys.pkcs8_pem(keys.ec_key())
    rsapub, ecpub = keys.public_pem(keys.rsa_key()), keys.public_pem(keys.ec_key())
    inputs = [
        b"",
        b"garbage",
        c1,
        c1 + c2,
        b"junk before\n" + c2 + b"junk after",
        c1.replace(b"\n", b"\r\n"),
        c1.replace(b"-----\n", b"-----\nX: y\n\n", 1) + c2,
        c1.replace(b"END CERTIFICATE", b"END CERTIFICATEX"),
        c1.replace(b"-----END CERTIFICATE-----", b"-----END CERTIFICATE-----trailing"),
        c1[:40] + b"!" + c1[41:],
        _block("CERTIFICATE", b"\x30\x03\x02\x01\x01") + c2,
        c2 + _block("CERTIFICATE", b"\x30\x03\x02\x01\x01"),
        rsa1,
        rsa8,
        ec1,
        ec8,
        keys.ec_sec1_pem_with_params(),
        rsapub,
        ecpub,
        rsapub + ecpub,
        rsa1 + c1,
        rsa8.replace(b"PRIVATE KEY", b"RSA PRIVATE KEY"),
        rsa1.replace(b"RSA PRIVATE KEY", b"EC PRIVATE KEY"),
        ec1.replace(b"EC PRIVATE KEY", b"PRIVATE KEY"),
        ec8.replace(b"PRIVATE KEY", b"EC PRIVATE KEY"),
        _block("RSA PRIVATE KEY", b"\x00") + ec1,
        _block("PUBLIC KEY", _der_of(c1)),
        _block("SOMETHING", _der_of(rsapub)),
        _block("CERTIFICATE", _der_of(ecpub)),
        b"-----BEGIN CERTIFICATE-----\n" + base64.b64encode(_der_of(c1)) + b"\n-----END CERTIFICATE-----\n",
        b"  \n-----BEGIN CERTIFICATE-----\n" + base64.b64encode(_der_of(c2)) + b"\n-----END CERTIFICATE-----",
    ]
    return [(op, data) for data in inputs for op in ("certs", "privkey", "pubkeys")]


def test_parsers_agree_with_client_go(go_oracle):
    cases = _corpus()
    answers = _ask(go_oracle, cases)
    for (op, data), theirs in zip(cases, answers):
        ours = _ours(op, data)
        if "err" in theirs and theirs["err"].startswith("x509:"):
            # a DER parse error: Go's words are its own; the outcome (an error, and what came before it) is the same
            assert "err" in ours and ours.get("result") == theirs.get("result"), (op, data, ours, theirs)
        else:
            assert ours == theirs, (op, data)


def test_our_csrs_read_by_go(go_oracle):
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "system:nodes"),
            x509.NameAttribute(NameOID.COMMON_NAME, "system:node:n1"),
        ]
    )
    big = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    csrs = [
        cert.make_csr(
            keys.rsa_key(),
            subject,
            ["localhost", "n1.example"],
            [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")],
        ),
        cert.make_csr(keys.ec_key(), subject),
        cert.make_csr(big, subject, ["x"]),
    ]
    answers = _ask(go_oracle, [("csr", c) for c in csrs])
    assert [a["result"] for a in answers] == [
        {
            "subject": "CN=system:node:n1,O=system:nodes",
            "dnsNames": ["localhost", "n1.example"],
            "ips": ["127.0.0.1", "::1"],
            "signatureAlgorithm": "SHA256-RSA",
            "signatureValid": True,
        },
        {
            "subject": "CN=system:node:n1,O=system:nodes",
            "dnsNames": None,
            "ips": [],
            "signatureAlgorithm": "ECDSA-SHA256",
            "signatureValid": True,
        },
        {
            "subject": "CN=system:node:n1,O=system:nodes",
            "dnsNames": ["x"],
            "ips": [],
            "signatureAlgorithm": "SHA384-RSA",
            "signatureValid": True,
        },
    ]


def test_our_certificates_read_by_go(go_oracle):
    ca = cert.encode_certificates(
        cert.new_self_signed_ca_cert(cert.Config(common_name="ca.example", organization=["org"]), keys.rsa_key())
    )
    ec_ca = cert.encode_certificates(cert.new_self_signed_ca_cert(cert.Config(), keys.ec_key()))
    serving, _ = cert.generate_self_signed_cert_key("10.0.0.1", ["10.0.0.2"], ["api.example"])
    ca_answer, ec_answer, serving_answer = (
        a["result"] for a in _ask(go_oracle, [("cert", ca), ("cert", ec_ca), ("cert", serving)])
    )
    ten_years = 10 * 365 * 24 * 3600
    assert ca_answer == {
        "subject": "CN=ca.example,O=org",
        "issuer": "CN=ca.example,O=org",
        "isCA": True,
        "basicConstraintsValid": True,
        "maxPathLen": -1,
        "keyUsage": 1 | 4 | 32,
        "extKeyUsage": [],
        "dnsNames": ["ca.example"],
        "ips": [],
        "subjectKeyIdLen": 20,
        "authorityKeyIdLen": 0,
        "signatureAlgorithm": "SHA256-RSA",
        "serialPositive": True,
        "serialBits": True,
        "validSeconds": ca_answer["validSeconds"],
        "selfSigned": True,
    }
    assert ten_years - 5 <= ca_answer["validSeconds"] <= ten_years
    assert ec_answer["signatureAlgorithm"] == "ECDSA-SHA256" and ec_answer["subject"] == "" and ec_answer["selfSigned"]
    assert ec_answer["dnsNames"] is None
    assert serving_answer["isCA"] is False and serving_answer["basicConstraintsValid"] is True
    assert serving_answer["keyUsage"] == 1 | 4 and serving_answer["extKeyUsage"] == [1]  # ServerAuth
    assert serving_answer["ips"] == ["10.0.0.1", "10.0.0.2"] and serving_answer["dnsNames"] == ["api.example"]
    assert serving_answer["authorityKeyIdLen"] == 20 and serving_answer["subjectKeyIdLen"] == 0
    assert serving_answer["verifiedByNext"] is True and serving_answer["validSeconds"] == 365 * 24 * 3600
