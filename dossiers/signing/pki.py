"""A development PKI, so that `make run` and the tests sign for real without any outside
service: a root CA, one signing certificate per agency and a timestamping certificate, made
with `cryptography` on first use and kept under `SIGNING_PKI_DIR` (var/pki, never committed).

Only when `SIGNING_DEV_PKI` is on (the default with DEBUG; off in production, where each
agency's credential is configured in the admin and the trust roots are the national ones).
Files are written under an exclusive lock, so two processes starting together agree on one
root. Every certificate says in its name that it is for testing.

Revocation, as a real CA publishes it: with `SIGNING_DEV_PKI_REVOCATION_URL` set when a
certificate is made, it names a CRL (`<url>root.crl`) and an OCSP responder (`<url>ocsp`) of
the root; `revoke` records a certificate as revoked, `crl_der` and `ocsp_der` answer for the
root as those URLs would (the tests serve them on a local port, so that a B-LT signature
embeds real revocation data and a revoked certificate cannot sign).
"""

import datetime
import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID
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


def _revocation_url() -> str:
    return getattr(settings, "SIGNING_DEV_PKI_REVOCATION_URL", "") or ""


def _published(builder, url: str):
    """Where the root publishes the status of the certificate being built: a CRL and OCSP."""
    return builder.add_extension(
        x509.CRLDistributionPoints(
            [
                x509.DistributionPoint(
                    full_name=[x509.UniformResourceIdentifier(f"{url}root.crl")],
                    relative_name=None,
                    reasons=None,
                    crl_issuer=None,
                )
            ]
        ),
        critical=False,
    ).add_extension(
        x509.AuthorityInformationAccess(
            [
                x509.AccessDescription(
                    AuthorityInformationAccessOID.OCSP,
                    x509.UniformResourceIdentifier(f"{url}ocsp"),
                )
            ]
        ),
        critical=False,
    )


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
    if _revocation_url():
        builder = _published(builder, _revocation_url())
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


# ---- Revocation ------------------------------------------------------------------------------

STATUS_HOURS = 24  # how long a CRL or an OCSP answer says it stays current


def _revoked_path() -> Path:
    return directory() / "revoked.txt"


def revoke(certificate: x509.Certificate) -> None:
    """Record `certificate` (issued by the development root) as revoked from now."""
    root()
    at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    with _locked():
        with open(_revoked_path(), "a") as out:
            out.write(f"{certificate.serial_number:x} {at.isoformat()}\n")


def revoked() -> dict[int, datetime.datetime]:
    """{serial number: when} of the certificates revoked so far."""
    path = _revoked_path()
    if not path.exists():
        return {}
    found = {}
    for line in path.read_text().splitlines():
        serial, at = line.split()
        found[int(serial, 16)] = datetime.datetime.fromisoformat(at)
    return found


def _window():
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    return now - datetime.timedelta(minutes=5), now + datetime.timedelta(hours=STATUS_HOURS)


def crl_der() -> bytes:
    """The root's current certificate revocation list (DER)."""
    ca_cert, ca_key = root()
    this_update, next_update = _window()
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),
            critical=False,
        )
        .add_extension(x509.CRLNumber(int(this_update.timestamp())), critical=False)
    )
    for serial, at in revoked().items():
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(at).build()
        )
    return builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def ocsp_der(request: bytes) -> bytes:
    """The root's OCSP answer (DER) to an OCSP request (DER), signed by the root itself: good,
    revoked, or unauthorized for a certificate another CA issued; the request's nonce echoed."""
    try:
        asked = ocsp.load_der_ocsp_request(request)
    except ValueError:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.MALFORMED_REQUEST
        ).public_bytes(serialization.Encoding.DER)
    ca_cert, ca_key = root()
    key_hash = _key_hash(ca_cert, asked.hash_algorithm)
    if asked.issuer_key_hash != key_hash:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.UNAUTHORIZED
        ).public_bytes(serialization.Encoding.DER)
    this_update, next_update = _window()
    when = revoked().get(asked.serial_number)
    builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
        issuer_name_hash=asked.issuer_name_hash,
        issuer_key_hash=asked.issuer_key_hash,
        serial_number=asked.serial_number,
        algorithm=asked.hash_algorithm,
        cert_status=ocsp.OCSPCertStatus.REVOKED if when else ocsp.OCSPCertStatus.GOOD,
        this_update=this_update,
        next_update=next_update,
        revocation_time=when,
        revocation_reason=x509.ReasonFlags.key_compromise if when else None,
    )
    builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, ca_cert)
    for extension in asked.extensions:
        if isinstance(extension.value, x509.OCSPNonce):
            builder = builder.add_extension(extension.value, critical=False)
    return builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def _key_hash(certificate: x509.Certificate, algorithm) -> bytes:
    """The hash of the certificate's public key bits, as OCSP identifies an issuer."""
    spki = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    bits = asn1_keys.PublicKeyInfo.load(spki)["public_key"].contents[1:]  # without unused-bits byte
    digest = hashes.Hash(algorithm)
    digest.update(bits)
    return digest.finalize()
