"""Scale data for `nox -s bench`: many cities' programmes, each a copy of Kraków's."""
