"""Benchmark settings: production-like (DEBUG off), database and cache from the environment."""

from cms.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
AXES_ENABLED = False  # the load generator signs in with a session cookie, not a login form
