"""okcore: the domain of city policy programmes and coordinator networks.

Framework-free on purpose: a city can use it from the command line, from a
script or from its own site; the Wagtail site in ``cms/`` is one such user.
"""

from okcore.hookspecs import hookimpl

__all__ = ["__version__", "hookimpl"]
__version__ = "0.1.0"
