"""Uploaded files waiting between their dry run and their commit, kept in the data folder.

A token names one user's upload; another user's token never opens it.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

from django.conf import settings

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
# An upload never confirmed is dropped after a day.
MAX_AGE_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(user, token: str, name: str) -> Path:
    return _folder() / f"{user.pk}-{token}-{name}"


def _forget_old() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            pass  # another request removed it first


def keep(user, data: bytes, filename: str) -> str:
    _forget_old()
    token = uuid.uuid4().hex
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(filename).name)[-80:] or "upload"
    _path(user, token, safe_name).write_bytes(data)
    return token


def find(user, token: str) -> tuple[bytes, str] | None:
    """The bytes and file name of this user's upload, or None."""
    if not _TOKEN.match(token or ""):
        return None
    for path in _folder().glob(f"{user.pk}-{token}-*"):
        return path.read_bytes(), path.name.split("-", 2)[2]
    return None


def forget(user, token: str) -> None:
    if _TOKEN.match(token or ""):
        for path in _folder().glob(f"{user.pk}-{token}-*"):
            path.unlink(missing_ok=True)
