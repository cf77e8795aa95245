"""Programme pages are in the main menu (``ProgrammePage.show_in_menus_default``): the pages
synced before, and their revisions, so that a later publish keeps them there."""

from django.db import migrations


def in_menus(apps, schema_editor):  # type: ignore[no-untyped-def]
    ProgrammePage = apps.get_model("programmes", "ProgrammePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    pks = [str(pk) for pk in ProgrammePage.objects.values_list("pk", flat=True)]
    if not pks:
        return
    ProgrammePage.objects.update(show_in_menus=True)
    kind = ContentType.objects.filter(app_label="programmes", model="programmepage").first()
    if kind is None:
        return
    for revision in Revision.objects.filter(content_type=kind, object_id__in=pks):
        if isinstance(revision.content, dict) and not revision.content.get("show_in_menus"):
            revision.content["show_in_menus"] = True
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0002_pages_read_the_registry"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(in_menus, migrations.RunPython.noop)]
