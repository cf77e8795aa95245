"""Measurements name their indicator by its one key, ``<programme>/indicator/<id>``.

Rows stored under the old ``<programme>/<id>`` are rewritten; going back rewrites them
the other way. A key of neither form is left as it is (the rules leave such a row out
and log it, see ``countable``).
"""

from django.db import migrations

INFIX = "/indicator/"


def to_one_key(apps, schema_editor):
    Measurement = apps.get_model("indicators", "Measurement")
    for row in Measurement.objects.exclude(indicator__contains=INFIX).only("id", "indicator"):
        program_id, slash, indicator_id = row.indicator.partition("/")
        if slash and indicator_id and "/" not in indicator_id:
            Measurement.objects.filter(pk=row.pk).update(
                indicator=f"{program_id}{INFIX}{indicator_id}"
            )


def to_old_key(apps, schema_editor):
    Measurement = apps.get_model("indicators", "Measurement")
    for row in Measurement.objects.filter(indicator__contains=INFIX).only("id", "indicator"):
        Measurement.objects.filter(pk=row.pk).update(
            indicator=row.indicator.replace(INFIX, "/", 1)
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_one_measurement_per_year_without_unit")]

    operations = [migrations.RunPython(to_one_key, to_old_key)]
