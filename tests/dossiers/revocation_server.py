"""The development root's CRL and OCSP responder for the tests: an HTTP server on a free port
of 127.0.0.1, in a thread, answering `GET /root.crl` and `POST /ocsp` from the development PKI
(`pki.crl_der`, `pki.ocsp_der`), as a CA's publication points do. Started and stopped by the
test that uses it, never shared."""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def running_revocation_service():
    """Yield the base URL (ending in /) and the list of requests served ("crl", "ocsp")."""
    from dossiers.signing import pki

    served = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, content_type, body):
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802 - the name http.server calls
            if self.path.rstrip("/").endswith("root.crl"):
                served.append("crl")
                return self._answer("application/pkix-crl", pki.crl_der())
            self.send_error(404)

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            request = self.rfile.read(length)
            if self.path.rstrip("/").endswith("ocsp"):
                served.append("ocsp")
                return self._answer("application/ocsp-response", pki.ocsp_der(request))
            self.send_error(404)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
