"""The Wagtail site that mounts okcore and its plugins: the portal of whichever city runs it."""
