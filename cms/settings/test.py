"""Tests: in-memory SQLite unless DATABASE_URL points at PostgreSQL; fast password hashing."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
#: Deliveries' attachments go to a directory of this run, never the developer's var/.
OKCORE_PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="okcore-private-"))
