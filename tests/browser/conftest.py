"""Browser tests run in their own pytest process (see noxfile): they need a live server.

Playwright's sync API keeps an event loop running in the test's thread; the Django
ORM calls the test makes between browser steps are still synchronous, so allow them.
"""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
