"""Unit names by language code in one field, and each unit linked to its collection.

The three name columns become ``names`` ({"pl": …, "en": …, "uk": …}, empty names left
out), so another language needs no migration. Each unit is linked to the collection
provisioning made for it, found (once, here) by the Polish name it was named after.
"""

import django.db.models.deletion
import django.db.models.fields.json
from django.db import migrations, models

import cms.network.models

LANGUAGES = ("pl", "en", "uk")


def names_forward(apps, schema_editor):
    Unit = apps.get_model("network", "Unit")
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).first()
    for unit in Unit.objects.all():
        unit.names = {code: name for code in LANGUAGES if (name := getattr(unit, f"name_{code}"))}
        if root is not None:
            unit.collection = (
                Collection.objects.filter(depth=2, path__startswith=root.path, name=unit.name_pl)
                .order_by("path")
                .first()
            )
        unit.save(update_fields=["names", "collection"])


def names_backward(apps, schema_editor):
    Unit = apps.get_model("network", "Unit")
    for unit in Unit.objects.all():
        for code in LANGUAGES:
            setattr(unit, f"name_{code}", unit.names.get(code, ""))
        unit.save(update_fields=[f"name_{code}" for code in LANGUAGES])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0004_agreed_delivery_on"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="names",
            field=models.JSONField(
                default=dict,
                validators=[cms.network.models.validate_names],
                verbose_name="names",
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="collection",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.collection",
            ),
        ),
        migrations.RunPython(names_forward, names_backward),
        migrations.AlterModelOptions(
            name="coordinator",
            options={
                "ordering": [
                    django.db.models.fields.json.KeyTextTransform("pl", "unit__names"),
                    "network",
                    "role",
                    "-valid_from",
                ],
                "verbose_name": "coordinator",
                "verbose_name_plural": "coordinators and deputies",
            },
        ),
        migrations.AlterModelOptions(
            name="unit",
            options={
                "ordering": [django.db.models.fields.json.KeyTextTransform("pl", "names")],
                "verbose_name": "unit",
                "verbose_name_plural": "units",
            },
        ),
        migrations.RemoveField(model_name="unit", name="name_en"),
        migrations.RemoveField(model_name="unit", name="name_pl"),
        migrations.RemoveField(model_name="unit", name="name_uk"),
    ]
