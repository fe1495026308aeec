"""The service's digital seal on issued agreements: a PAdES signature made with pyHanko.

Any PDF reader shows whether a sealed file is unaltered since the service issued it, and
`check_seal()` (the "Check an agreement" page and `check_agreement`) validates it again.

Where the sealing certificate comes from:

* production: `AGREEMENT_SEAL_CERT_FILE` and `AGREEMENT_SEAL_KEY_FILE` (PEM files; the key may be
  protected by `AGREEMENT_SEAL_KEY_PASSWORD`), with any intermediate and root certificates in
  `AGREEMENT_SEAL_CHAIN_FILE`. See docs/deployment.md.
* development and tests: when those are not set and `AGREEMENT_SEAL_DEV_DIR` is, a self-signed
  certificate and key are generated there on first use (one PEM file, written atomically) and
  reused afterwards.
"""

import asyncio
import concurrent.futures
import datetime
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.keys import load_cert_from_pemder, load_certs_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

FIELD_NAME = "ServiceSeal"
DEV_CERT, DEV_KEY = "certificate.pem", "key.pem"
NOT_CONFIGURED = (
    "Issued agreements are sealed with a certificate: set AGREEMENT_SEAL_CERT_FILE and AGREEMENT_SEAL_KEY_FILE "
    "(see docs/deployment.md), or AGREEMENT_SEAL_DEV_DIR for a generated development certificate."
)


@dataclass(frozen=True)
class SealCheck:
    """What validating a PDF's seal found. `state` is one of the constants below."""

    state: str
    signer: str = ""
    signed_at: datetime.datetime | None = None

    VALID = "valid"
    ALTERED = "altered"
    UNSEALED = "unsealed"
    UNTRUSTED = "untrusted"

    @property
    def is_valid(self) -> bool:
        return self.state == self.VALID


def _generate_dev_material(directory: Path) -> None:
    """A self-signed development certificate and key, put in place atomically (parallel first
    uses each build one in a temporary folder; the first rename wins, the others are dropped)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Trust Partnerships development seal"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Trust Partnerships (development, not for real use)"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".seal-"))
    (staging / DEV_CERT).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (staging / DEV_KEY).write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    try:
        os.rename(staging, directory)
    except OSError:  # another process got there first: use theirs
        shutil.rmtree(staging, ignore_errors=True)


def _dev_files() -> tuple[str, str]:
    directory = Path(settings.AGREEMENT_SEAL_DEV_DIR) / "development-seal"
    if not (directory / DEV_KEY).exists():
        _generate_dev_material(directory)
    return str(directory / DEV_CERT), str(directory / DEV_KEY)


def _configured_files() -> tuple[str, str, str, bytes | None] | None:
    cert_file = getattr(settings, "AGREEMENT_SEAL_CERT_FILE", "")
    key_file = getattr(settings, "AGREEMENT_SEAL_KEY_FILE", "")
    if not (cert_file and key_file):
        return None
    password = getattr(settings, "AGREEMENT_SEAL_KEY_PASSWORD", "") or None
    return cert_file, key_file, getattr(settings, "AGREEMENT_SEAL_CHAIN_FILE", ""), password and password.encode()


class SealSigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner, with the private key parsed once per process. SimpleSigner parses
    the key again, with cryptography's full RSA key check, for every signature: about 35 ms of CPU
    an issued agreement. The key is checked here once instead, when the signer is loaded."""

    @classmethod
    def like(cls, signer: signers.SimpleSigner) -> "SealSigner":
        return cls(
            signing_cert=signer.signing_cert,
            signing_key=signer.signing_key,
            cert_registry=signer.cert_registry,
            signature_mechanism=signer.signature_mechanism,
            prefer_pss=signer.prefer_pss,
        )

    @cached_property
    def private_key(self):
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism != "rsassa_pkcs1v15" or not isinstance(self.private_key, rsa.RSAPrivateKey):
            return super().sign_raw(data, digest_algorithm)
        return self.private_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


@lru_cache(maxsize=4)
def _signer_for(cert_file: str, key_file: str, chain_file: str, password: bytes | None) -> SealSigner:
    signer = signers.SimpleSigner.load(
        key_file, cert_file, ca_chain_files=(chain_file,) if chain_file else None, key_passphrase=password
    )
    if signer is None:
        raise ImproperlyConfigured(f"Could not load the sealing certificate {cert_file} and key {key_file}.")
    sealer = SealSigner.like(signer)
    sealer.private_key  # noqa: B018 - parse and check the key now, not at the first signature
    return sealer


def _files() -> tuple[str, str, str, bytes | None]:
    configured = _configured_files()
    if configured:
        return configured
    if not getattr(settings, "AGREEMENT_SEAL_DEV_DIR", ""):
        raise ImproperlyConfigured(NOT_CONFIGURED)
    cert_file, key_file = _dev_files()
    return cert_file, key_file, "", None


def sealing_signer() -> SealSigner:
    return _signer_for(*_files())


def trust_roots() -> list:
    """The certificates a seal is validated against: the sealing certificate and its chain."""
    cert_file, _key, chain_file, _password = _files()
    roots = [load_cert_from_pemder(cert_file)]
    if chain_file:
        roots += list(load_certs_from_pemder([chain_file]))
    return roots


def _run(coroutine):
    """Run pyHanko's coroutine to completion, also where this thread already runs an event loop
    (pyHanko's blocking API calls asyncio.run(), which refuses to run inside one)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def seal_pdf(content: bytes, *, reason: str) -> bytes:
    """The PDF with the service's PAdES seal added as an incremental update (the pages are untouched)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        name="Trust Partnerships",
    )
    output = io.BytesIO()
    _run(signers.async_sign_pdf(writer, metadata, signer=sealing_signer(), output=output))
    return output.getvalue()


def check_seal(content: bytes) -> SealCheck:
    """Validate the seal: VALID only if it covers the whole file, unchanged, by our certificate."""
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        return SealCheck(SealCheck.ALTERED)
    if not signatures:
        return SealCheck(SealCheck.UNSEALED)
    signature = signatures[-1]
    try:
        status = _run(async_validate_pdf_signature(signature, ValidationContext(trust_roots=trust_roots())))
    except Exception:
        return SealCheck(SealCheck.ALTERED)
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    whole_file = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    if not status.intact or not status.valid or not whole_file:
        return SealCheck(SealCheck.ALTERED, signer=signer)
    if not status.trusted:
        return SealCheck(SealCheck.UNTRUSTED, signer=signer, signed_at=status.signer_reported_dt)
    return SealCheck(SealCheck.VALID, signer=signer, signed_at=status.signer_reported_dt)
