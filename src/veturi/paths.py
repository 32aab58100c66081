"""Where Veturi keeps its embedded database, uploaded files and generated secret."""

import os
from pathlib import Path

from platformdirs import user_data_dir


def data_dir() -> Path:
    """The data folder: VETURI_DATA_DIR if set, else the per-user data folder."""
    configured = os.environ.get("VETURI_DATA_DIR")
    path = Path(configured) if configured else Path(user_data_dir("veturi", appauthor=False))
    return path.expanduser().resolve()


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'veturi.sqlite3'}"
