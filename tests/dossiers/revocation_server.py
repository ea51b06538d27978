"""The development root's CRL and OCSP responder for the tests: `GET /root.crl` and
`POST /ocsp` answered from the development PKI (`pki.crl_der`, `pki.ocsp_der`), as a CA's
publication points do, on a local server (`tests.local_http`) the test starts and stops."""

from contextlib import contextmanager

from tests.local_http import Handler, serving


@contextmanager
def running_revocation_service():
    """Yield the base URL (ending in /) and the list of requests served ("crl", "ocsp")."""
    from dossiers.signing import pki

    served = []

    class Publishing(Handler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            if self.path.rstrip("/").endswith("root.crl"):
                served.append("crl")
                return self.answer("application/pkix-crl", pki.crl_der())
            self.send_error(404)

        def do_POST(self):  # noqa: N802
            request = self.body()
            if self.path.rstrip("/").endswith("ocsp"):
                served.append("ocsp")
                return self.answer("application/ocsp-response", pki.ocsp_der(request))
            self.send_error(404)

    with serving(Publishing) as url:
        yield url, served
