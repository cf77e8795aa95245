"""The Debian libraries the report's renderers load: install them if missing.

WeasyPrint (the PDF) loads Pango through cffi, CairoSVG (the charts in DOCX and ODT) loads
Cairo, and both need fonts with Polish and Ukrainian letters; pip cannot install them.
``python tests/support/render_libraries.py`` (nox's test sessions run it first) and the
report's tests (a session fixture) install Debian's packages when a library is missing,
as root with apt, as tests/support/postgres.py does for PostgreSQL; otherwise they stop
with a message naming the packages.
"""

from __future__ import annotations

import ctypes.util
import sys
from pathlib import Path

from machine import apt_install

#: Library (as ctypes finds it) -> Debian package (docs/dependencies.md).
LIBRARIES = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
    "cairo": "libcairo2",
}
#: Fonts with the letters of the report's languages (DejaVu: Latin Extended and Cyrillic).
FONTS = {Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"): "fonts-dejavu-core"}


def missing() -> list[str]:
    """The Debian packages whose library or font is not on this machine."""
    packages = [p for name, p in LIBRARIES.items() if ctypes.util.find_library(name) is None]
    return packages + [p for path, p in FONTS.items() if not path.exists()]


def ensure() -> None:
    """Install what is missing, or raise SystemExit saying what to install."""
    packages = missing()
    if not packages:
        return
    apt_install(packages, "the report's renderers")
    still = missing()
    if still:
        sys.exit("installing " + ", ".join(still) + " did not provide their libraries")


if __name__ == "__main__":
    ensure()
