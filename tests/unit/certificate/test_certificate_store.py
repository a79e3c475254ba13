"""util/certificate: certificate_store_test.go ported test by test (its two cert/key pairs kept in testdata)."""

from __future__ import annotations

import os
import pathlib

import pytest

from kubernetes_py.util import certificate
from kubernetes_py.util.certificate import certificate_store

DATA = pathlib.Path(__file__).parent / "testdata"
STORE_CERT = (DATA / "storeCertData.crt").read_bytes()
STORE_KEY = (DATA / "storeCertData.key").read_bytes()
TWO_CERTS = (DATA / "storeTwoCertsData.crt").read_bytes()
TWO_CERTS_KEY = (DATA / "storeTwoCertsData.key").read_bytes()


def _write(path: pathlib.Path, data: bytes = b"") -> str:
    path.write_bytes(data)
    os.chmod(path, 0o600)
    return str(path)


def test_update_symlink_existing_file_error(tmp_path):
    pair_file = _write(tmp_path / "kubelet-current.pem")
    s = certificate.fileStore(cert_directory=str(tmp_path), pair_name_prefix="kubelet")
    with pytest.raises(ValueError) as caught:
        s.update_symlink(pair_file)
    assert str(caught.value) == f'expected "{pair_file}" to be a symlink but it is a file'


def test_update_symlink_new_file_not_exist(tmp_path):
    old_pair_file = _write(tmp_path / "kubelet-oldpair.pem")
    s = certificate.fileStore(cert_directory=str(tmp_path), pair_name_prefix="kubelet")
    s.update_symlink(old_pair_file)
    assert os.path.exists(old_pair_file)
    current = tmp_path / "kubelet-current.pem"
    assert current.is_symlink()
    new_pair_file = str(tmp_path / "kubelet-newpair.pem")
    with pytest.raises(ValueError) as caught:
        s.update_symlink(new_pair_file)
    assert str(caught.value) == (
        f'file "{new_pair_file}" does not exist so it can not be used as the currently selected cert/key'
    )
    assert os.readlink(current) == old_pair_file
    assert not (tmp_path / "kubelet-updated.pem").exists()


def test_update_symlink_no_symlink(tmp_path):
    pair_file = _write(tmp_path / "kubelet-newfile.pem")
    s = certificate.fileStore(cert_directory=str(tmp_path), pair_name_prefix="kubelet")
    s.update_symlink(pair_file)
    assert os.path.exists(pair_file)
    assert (tmp_path / "kubelet-current.pem").is_symlink()


def test_update_symlink_replace_existing_symlink(tmp_path):
    old_pair_file = _write(tmp_path / "kubelet-oldfile.pem")
    new_pair_file = _write(tmp_path / "kubelet-newfile.pem")
    current = tmp_path / "kubelet-current.pem"
    os.symlink(old_pair_file, current)
    assert os.readlink(current) == old_pair_file
    s = certificate.fileStore(cert_directory=str(tmp_path), pair_name_prefix="kubelet")
    s.update_symlink(new_pair_file)
    assert os.path.exists(old_pair_file) and os.path.exists(new_pair_file)
    assert current.is_symlink()
    assert os.readlink(current) == new_pair_file


@pytest.mark.parametrize(
    "data", [STORE_CERT + b"\n" + STORE_KEY, STORE_KEY + b"\n" + STORE_CERT], ids=["cert and key", "key and cert"]
)
def test_load_file(tmp_path, data):
    pair_file = _write(tmp_path / "kubelet-pair.pem", data)
    cert = certificate.load_file(pair_file)
    assert cert.leaf is not None
    assert cert.leaf.subject.rfc4514_string().startswith("CN=test-certificate-0,")
    assert len(cert.certificate) == 1


def _store(tmp_path, cert: bytes, key: bytes):
    key_file = _write(tmp_path / "kubelet.key", key)
    cert_file = _write(tmp_path / "kubelet.crt", cert)
    return certificate.new_file_store("kubelet-server", str(tmp_path), str(tmp_path), cert_file, key_file)


def test_update_no_rotation(tmp_path):
    s = _store(tmp_path, STORE_CERT, STORE_KEY)
    cert = s.update(STORE_CERT, STORE_KEY)
    assert cert.leaf is not None


def test_update_rotation(tmp_path):
    s = _store(tmp_path, STORE_CERT, STORE_KEY)
    cert = s.update(STORE_CERT, STORE_KEY)
    assert cert.leaf is not None
    current = tmp_path / "kubelet-server-current.pem"
    assert current.is_symlink() and s.current_path() == str(current)
    target = pathlib.Path(os.readlink(current))
    assert target.is_absolute() and target.name.startswith("kubelet-server-") and target.suffix == ".pem"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert s.current().leaf == cert.leaf  # the current pair is now the one written


def test_update_two_certs(tmp_path):
    s = _store(tmp_path, TWO_CERTS, TWO_CERTS_KEY)
    cert = s.update(TWO_CERTS, TWO_CERTS_KEY)
    assert len(cert.certificate) == 2


def test_update_with_bad_cert_key_data(tmp_path):
    s = _store(tmp_path, STORE_CERT, STORE_KEY)
    with pytest.raises(ValueError, match="^invalid certificate data: "):
        s.update(b"\x00\x00", STORE_KEY)
    with pytest.raises(ValueError, match="^invalid key data$"):
        s.update(STORE_CERT, b"not pem")
    assert not (tmp_path / "kubelet-server-current.pem").exists()


def test_current_pair_file(tmp_path):
    pair_file = _write(tmp_path / "kubelet-server-pair.pem", STORE_CERT + b"\n" + STORE_KEY)
    os.symlink(pair_file, tmp_path / "kubelet-server-current.pem")
    store = certificate.new_file_store("kubelet-server", str(tmp_path), str(tmp_path), "", "")
    assert store.current().leaf is not None


def test_current_cert_key_files(tmp_path):
    store = _store(tmp_path, STORE_CERT, STORE_KEY)
    assert store.current().leaf is not None


def test_current_two_certs(tmp_path):
    store = _store(tmp_path, TWO_CERTS, TWO_CERTS_KEY)
    cert = store.current()
    assert cert.leaf is not None and len(cert.certificate) == 2


def test_current_no_files(tmp_path):
    store = certificate.new_file_store("kubelet-server", str(tmp_path), str(tmp_path), "", "")
    with pytest.raises(certificate.NoCertKeyError) as caught:
        store.current()
    pair = tmp_path / "kubelet-server-current.pem"
    assert str(caught.value) == f'no cert/key files read at "{pair}", ("", "") or ("{tmp_path}", "{tmp_path}")'


def test_prefix_files_in_the_directories_and_recovery(tmp_path):
    certs, keys = tmp_path / "certs", tmp_path / "keys"
    certs.mkdir()
    keys.mkdir()
    _write(certs / "kubelet.crt", STORE_CERT)
    _write(keys / "kubelet.key", STORE_KEY)
    store = certificate.new_file_store("kubelet", str(certs), str(keys), "", "")
    assert store.current().leaf is not None
    # A rotation stopped after linking "updated": the next store finishes it.
    pair = _write(certs / "kubelet-pair.pem", TWO_CERTS + b"\n" + TWO_CERTS_KEY)
    os.symlink(pair, certs / "kubelet-updated.pem")
    recovered = certificate.new_file_store("kubelet", str(certs), str(keys), "", "")
    assert os.readlink(certs / "kubelet-current.pem") == pair
    assert len(recovered.current().certificate) == 2
    (certs / "kubelet-current.pem").unlink()
    _write(certs / "kubelet-updated.pem")
    with pytest.raises(ValueError, match="to be a symlink but it is a file$"):
        certificate.new_file_store("kubelet", str(certs), str(keys), "", "")


def test_x509_key_pair_errors():
    with pytest.raises(ValueError, match="^tls: private key does not match public key$"):
        certificate.x509_key_pair(STORE_CERT, TWO_CERTS_KEY)
    with pytest.raises(ValueError, match="^tls: failed to find any PEM data in certificate input$"):
        certificate.x509_key_pair(b"", STORE_KEY)
    cert = certificate_store.x509_key_pair(TWO_CERTS, TWO_CERTS_KEY)
    assert cert.cert_pem == TWO_CERTS and "REDACTED" in repr(cert)
