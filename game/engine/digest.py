"""The SHA-256 that names a scenario's version in saves, run records and class reports."""

from __future__ import annotations

import importlib


def sha256_hex(data: bytes) -> str:
    """The hex SHA-256 of ``data``.

    From the interpreter's own SHA-256 module when it has one: ``hashlib`` first loads OpenSSL,
    3-5 ms of every start on the 2-core machine for a single digest (issue 15).  The digest is
    the same either way."""
    for builtin in ("_sha256", "_sha2"):  # Python 3.11; 3.12 and later
        try:
            sha256 = importlib.import_module(builtin).sha256
            break
        except (ImportError, AttributeError):
            continue
    else:
        from hashlib import sha256
    return str(sha256(data).hexdigest())
