"""okcore: the domain of city policy programmes and coordinator networks.

Framework-free on purpose: a city can use it from the command line, from a
script or from its own site; the Wagtail site in ``cms/`` is one such user.
"""

__version__ = "0.1.0"
