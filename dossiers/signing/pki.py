"""A development PKI, so that `make run` and the tests sign for real without any outside
service: a root CA, one signing certificate per agency and a timestamping certificate, made
with `cryptography` on first use and kept under `SIGNING_PKI_DIR` (var/pki, never committed).

Only when `SIGNING_DEV_PKI` is on (the default with DEBUG; off in production, where each
agency's credential is configured in the admin and the trust roots are the national ones).
Files are written under an exclusive lock, so two processes starting together agree on one
root. Every certificate says in its name that it is for testing.
"""

import datetime
import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

ROOT_NAME = "Một Cửa – CA thử nghiệm"
TSA_NAME = "Một Cửa – Dấu thời gian thử nghiệm"
VALID_YEARS = 10


@dataclass(frozen=True)
class Credential:
    """A PKCS#12 archive with its passphrase and the chain above its certificate."""

    pkcs12: bytes
    passphrase: bytes
    chain: tuple[x509.Certificate, ...]


def enabled() -> bool:
    return bool(getattr(settings, "SIGNING_DEV_PKI", False))


def directory() -> Path:
    return Path(settings.SIGNING_PKI_DIR)


def passphrase() -> bytes:
    return settings.SIGNING_DEV_PASSPHRASE.encode()


@contextmanager
def _locked():
    directory().mkdir(parents=True, exist_ok=True)
    with open(directory() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.chmod(tmp, 0o600)
    tmp.replace(path)


def _fit(text: str, limit: int = 64) -> str:
    """X.520 caps these names at 64 (counted in UTF-8 bytes by `cryptography`)."""
    while len(text.encode()) > limit:
        text = text[:-1]
    return text.strip()


def _name(common_name: str, organisation: str = "Một Cửa (thử nghiệm)") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation)),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(common_name)),
        ]
    )


def _builder(subject, issuer, public_key, *, years=VALID_YEARS):
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _pem_key(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase()),
    )


def _load_key(path: Path):
    return serialization.load_pem_private_key(path.read_bytes(), passphrase())


def root() -> tuple[x509.Certificate, object]:
    """The development root CA (certificate, private key), made once."""
    cert_path, key_path = directory() / "root.pem", directory() / "root.key"
    with _locked():
        if not cert_path.exists():
            key = ec.generate_private_key(ec.SECP256R1())
            name = _name(ROOT_NAME)
            cert = (
                _builder(name, name, key.public_key(), years=VALID_YEARS + 5)
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(
                    x509.KeyUsage(
                        digital_signature=False,
                        content_commitment=False,
                        key_encipherment=False,
                        data_encipherment=False,
                        key_agreement=False,
                        key_cert_sign=True,
                        crl_sign=True,
                        encipher_only=False,
                        decipher_only=False,
                    ),
                    critical=True,
                )
                .sign(key, hashes.SHA256())
            )
            _write(key_path, _pem_key(key))
            _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return x509.load_pem_x509_certificate(cert_path.read_bytes()), _load_key(key_path)


def root_pem() -> bytes:
    root()
    return (directory() / "root.pem").read_bytes()


def _issue(ca, common_name, organisation, *, usage) -> tuple[x509.Certificate, object]:
    """A certificate signed by `ca` (the root's certificate and key); the caller holds the
    lock (so it must not call `root()` again: flock is per open file, even in one process)."""
    ca_cert, ca_key = ca
    # RSA for the timestamping authority (pyHanko's test responder signs with RSA only).
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if usage == "tsa"
        else ec.generate_private_key(ec.SECP256R1())
    )
    builder = (
        _builder(_name(common_name, organisation), ca_cert.subject, key.public_key())
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),
            critical=False,
        )
    )
    if usage == "tsa":
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    else:
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
    return builder.sign(ca_key, hashes.SHA256()), key


def _credential(path: Path, label: str, common_name: str, organisation: str) -> Credential:
    ca = root()
    ca_cert = ca[0]
    with _locked():
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            cert, key = _issue(ca, common_name, organisation, usage="sign")
            data = pkcs12.serialize_key_and_certificates(
                name=label.encode(),
                key=key,
                cert=cert,
                cas=[ca_cert],
                encryption_algorithm=serialization.BestAvailableEncryption(passphrase()),
            )
            _write(path, data)
    return Credential(pkcs12=path.read_bytes(), passphrase=passphrase(), chain=(ca_cert,))


def agency_credential(agency) -> Credential:
    """The signing credential of `agency` (its code names the file), made on first use."""
    safe = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in agency.code)
    return _credential(
        directory() / "agencies" / f"{safe}.p12", agency.code, agency.name, agency.name
    )


def person_credential(user, agency) -> Credential:
    """A personal certificate of `user` (a leader of `agency`), made on first use. Never used
    by itself: an administrator configures it (the tests and demos do)."""
    name = user.get_full_name() or user.get_username()
    return _credential(directory() / "people" / f"{user.pk}.p12", str(user.pk), name, agency.name)


def tsa() -> tuple[x509.Certificate, object]:
    """The development timestamping authority's certificate and key, made on first use."""
    cert_path, key_path = directory() / "tsa.pem", directory() / "tsa.key"
    ca = root()
    with _locked():
        if not cert_path.exists():
            cert, key = _issue(ca, TSA_NAME, "Một Cửa (thử nghiệm)", usage="tsa")
            _write(key_path, _pem_key(key))
            _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return x509.load_pem_x509_certificate(cert_path.read_bytes()), _load_key(key_path)
