"""The move to ``Unit.names`` keeps every unit's names and links the collection it had."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Collection

BEFORE = [("network", "0004_agreed_delivery_on")]
AFTER = [("network", "0005_unit_names_by_language_and_collection_link")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_names_and_collections_carried_over() -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps.get_model("network", "Unit")
    try:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        kept = root.add_child(name="Wydział Kultury")
        old.objects.create(
            slug="kultura", name_pl="Wydział Kultury", name_en="Culture Department", name_uk=""
        )
        old.objects.create(slug="nowa", name_pl="Nowa jednostka", name_en="", name_uk="")
        new = migrate(AFTER).loader.project_state(AFTER).apps.get_model("network", "Unit")
        culture, other = new.objects.get(slug="kultura"), new.objects.get(slug="nowa")
        assert culture.names == {"pl": "Wydział Kultury", "en": "Culture Department"}
        assert culture.collection_id == kept.pk
        assert (other.names, other.collection_id) == ({"pl": "Nowa jednostka"}, None)
    finally:
        # Back to the newest schema, not to AFTER: later tests need every later migration.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
