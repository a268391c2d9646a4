"""A small internal certificate authority with ``openssl``: one CA, one server certificate.

Kept under a runtime folder and reused while it still covers the requested host names, so a CA that a
browser or a client already trusts stays valid across restarts. For trying the stack locally and for
intranets without a CA of their own; a district with a PKI should use its own server certificate.
"""

from __future__ import annotations

import ipaddress
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CA_DAYS = 3650
SERVER_DAYS = 825  # browsers reject server certificates valid for longer


@dataclass(frozen=True)
class Certificates:
    ca: Path  # the CA certificate clients trust (PEM)
    cert: Path  # server certificate (PEM)
    key: Path  # server private key (PEM)


def _openssl(*args: str | Path) -> str:
    exe = shutil.which("openssl")
    if exe is None:
        raise RuntimeError("openssl not found: install it (apt-get install openssl)")
    done = subprocess.run([exe, *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(map(str, args[:2]))} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def subject_alt_names(hostnames: list[str]) -> str:
    """``DNS:localhost,IP:127.0.0.1`` for openssl's subjectAltName."""
    names = []
    for name in hostnames:
        try:
            ipaddress.ip_address(name)
            names.append(f"IP:{name}")
        except ValueError:
            names.append(f"DNS:{name}")
    return ",".join(names)


def _covers(cert: Path, hostnames: list[str]) -> bool:
    text = _openssl("x509", "-in", cert, "-noout", "-ext", "subjectAltName")
    present = {part.strip().replace("IP Address:", "IP:") for part in text.splitlines()[-1].split(",")}
    return all(name in present for name in subject_alt_names(hostnames).split(","))


def ensure(folder: Path, hostnames: list[str]) -> Certificates:
    """The CA and a server certificate for ``hostnames`` in ``folder`` (created when missing or when
    the existing server certificate does not name every host; the CA is kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    certs = Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    ca_key = folder / "ca.key"
    if not (certs.ca.exists() and ca_key.exists()):
        _openssl(
            "req",
            "-x509",
            "-new",
            "-nodes",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-keyout",
            ca_key,
            "-out",
            certs.ca,
            "-days",
            str(CA_DAYS),
            "-subj",
            "/CN=govdash internal CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        )
        certs.cert.unlink(missing_ok=True)
    if certs.cert.exists() and certs.key.exists() and _covers(certs.cert, hostnames):
        return certs
    csr, ext = folder / "server.csr", folder / "server.ext"
    _openssl(
        "req",
        "-new",
        "-nodes",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-keyout",
        certs.key,
        "-out",
        csr,
        "-subj",
        f"/CN={hostnames[0]}",
    )
    ext.write_text(
        f"subjectAltName={subject_alt_names(hostnames)}\nbasicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        encoding="utf-8",
    )
    _openssl(
        "x509",
        "-req",
        "-in",
        csr,
        "-CA",
        certs.ca,
        "-CAkey",
        ca_key,
        "-CAcreateserial",
        "-out",
        certs.cert,
        "-days",
        str(SERVER_DAYS),
        "-extfile",
        ext,
    )
    csr.unlink()
    for key in (ca_key, certs.key):
        key.chmod(0o600)
    return certs
