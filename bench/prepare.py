"""Entry point: `python -m bench.prepare` fills the configured database with the scale data."""

import django

django.setup()

from bench.scale import main  # noqa: E402  (models need the app registry first)

main()
