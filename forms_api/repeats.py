"""Recognising the same post again (Send pressed twice, a lost 303), without keeping answers.

A repeat is the same answers to the same form from the same client within the window. The
outbox keeps only a keyed hash of that, so its table says nothing about what was answered,
and the key is not in the database: a copy of the database alone cannot test guesses.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path

from sitebuilder.forms.answers import Answer

KEY_BYTES = 32


def load_key(secret: str, database: Path) -> bytes:
    """The hash key: derived from FORMS_SECRET_KEY, else a random one kept beside the outbox.

    The key file is shared by every process on the machine that uses that outbox; machines
    that share one outbox database share FORMS_SECRET_KEY instead.
    """
    if secret:
        return hashlib.sha256(b"kommunwebb repeat window\0" + secret.encode()).digest()
    path = database.with_name(database.name + ".key")
    with contextlib.suppress(FileNotFoundError):
        return _read(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")  # 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        # A link fails if the name exists: when two processes start at once, one key wins
        # and both read it.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
    return _read(path)


def _read(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) < KEY_BYTES:
        raise RuntimeError(f"{path} is not a key of {KEY_BYTES} bytes; delete it to make a new one")
    return key


def fingerprint(key: bytes, form_id: str, answers: dict[str, Answer], client: str) -> bytes:
    """A keyed hash of the form, the client and the normalised answers."""
    canonical = json.dumps(
        [form_id, client, sorted((name, answers[name]) for name in answers)],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).digest()
