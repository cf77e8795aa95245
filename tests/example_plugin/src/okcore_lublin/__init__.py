"""A fictional programme of the City of Lublin: the worked example of docs/plugins.md."""
