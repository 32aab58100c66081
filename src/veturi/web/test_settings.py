"""Settings for the test suite: the real settings, with a throwaway data folder and a fast hasher."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("VETURI_DATA_DIR", str(Path(tempfile.gettempdir()) / "veturi-test-data"))
os.environ.setdefault("VETURI_MAP_TILES", "")

from veturi.web.settings import *  # noqa: E402,F401,F403

# Hashing a password costs ~0.3 s by design; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
