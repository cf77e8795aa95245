"""Plugins for okcore: Kraków's programmes and rules, and exports any city can use.

Each subpackage is one plugin, registered through the ``okcore`` entry point
group exactly as another city's package would be.
"""
