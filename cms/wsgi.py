"""WSGI entry point: ``gunicorn cms.wsgi`` with DJANGO_SETTINGS_MODULE=cms.settings.production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
application = get_wsgi_application()

# Load the plugins' programmes now, so that no visitor waits for it on a worker's first request.
from cms.core.registry import registry  # noqa: E402

registry()
