"""The Wagtail site that mounts okcore and its plugins (the Open Kraków portal)."""
