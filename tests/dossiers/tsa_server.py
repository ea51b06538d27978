"""A local RFC 3161 timestamp authority for the tests: an HTTP server on a free port of
127.0.0.1, in a thread, that answers `application/timestamp-query` POSTs with tokens signed by
the development PKI's timestamping certificate (pyHanko's DummyTimeStamper does the RFC 3161
part). Started and stopped by the fixture that uses it, never shared."""

from contextlib import contextmanager

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

from tests.local_http import Handler, serving


def _stamper():
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from dossiers.signing import pki

    cert, key = pki.tsa()
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )


@contextmanager
def running_tsa():
    """Yield the URL of a running timestamp authority, and its count of tokens issued."""
    stamper = _stamper()
    issued = []

    class TimeStamping(Handler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            request = tsp.TimeStampReq.load(self.body())
            issued.append(request)
            self.answer("application/timestamp-reply", stamper.request_tsa_response(request).dump())

    with serving(TimeStamping) as url:
        yield url, issued
