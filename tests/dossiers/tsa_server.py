"""A local RFC 3161 timestamp authority for the tests: an HTTP server on a free port of
127.0.0.1, in a thread, that answers `application/timestamp-query` POSTs with tokens signed by
the development PKI's timestamping certificate (pyHanko's DummyTimeStamper does the RFC 3161
part). Started and stopped by the fixture that uses it, never shared."""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization


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

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            length = int(self.headers.get("Content-Length", "0"))
            request = tsp.TimeStampReq.load(self.rfile.read(length))
            answer = stamper.request_tsa_response(request).dump()
            issued.append(request)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", issued
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
