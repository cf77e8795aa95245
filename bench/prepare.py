"""Entry point: `python -m bench.prepare [PROGRAMMES EVENTS]` fills the configured database
with the scale data."""

import sys

import django

django.setup()

from bench.scale import main  # noqa: E402  (models need the app registry first)

main(sys.argv[1:])
