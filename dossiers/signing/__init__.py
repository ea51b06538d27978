"""Issued results and their digital signatures: `issue` (what approval records and the signed
document made after the commit), `signer` (pyHanko, PKCS#12 or PKCS#11 credentials), `pki`
(the development PKI), `validate` (reading a PDF's signatures), `models` (the agencies'
credentials). See docs/architecture.md, "Issued results and their signatures"."""

import warnings

# pyHanko imports the DSA types of `cryptography`, deprecated there; we never use DSA keys.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")
